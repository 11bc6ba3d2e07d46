import type { Locale } from "~/i18n/config";
import { pickName, type LocalizedNames } from "./names";

/**
 * Operators' names in every locale, keyed by the name a service stores (English, as the
 * timetable is published). Like place names, the descriptive part ("International Land Port",
 * "Port Operations") is translated and the proper name transliterated; an aircraft type in
 * brackets at the end ("(B747-400F)") is a code and stays as it is.
 */
const OPERATOR_NAMES: Record<string, LocalizedNames> = {
  "Gansu (Lanzhou) International Land Port Operations": {
    "zh-CN": "甘肃（兰州）国际陆港运营公司",
    en: "Gansu (Lanzhou) International Land Port Operations",
    ru: "Оператор международного сухого порта Ганьсу (Ланьчжоу)",
    de: "Betreiber des Internationalen Landhafens Gansu (Lanzhou)",
    pl: "Operator Międzynarodowego Portu Lądowego Gansu (Lanzhou)",
    kk: "Ганьсу (Ланьчжоу) халықаралық құрғақ портының операторы",
    uz: "Gansu (Lanchjou) xalqaro quruqlik porti operatori",
    tr: "Gansu (Lanzhou) Uluslararası Kara Limanı İşletmesi",
    vi: "Công ty khai thác Cảng cạn quốc tế Cam Túc (Lan Châu)",
    ar: "شركة تشغيل ميناء قانسو (لانتشو) البري الدولي",
  },
  "Tianshui International Land Port Co.": {
    "zh-CN": "天水国际陆港有限公司",
    en: "Tianshui International Land Port Co.",
    ru: "Компания «Международный сухой порт Тяньшуй»",
    de: "Gesellschaft Internationaler Landhafen Tianshui",
    pl: "Spółka Międzynarodowy Port Lądowy Tianshui",
    kk: "«Тяньшуй халықаралық құрғақ порты» компаниясы",
    uz: "«Tyanshuy xalqaro quruqlik porti» kompaniyasi",
    tr: "Tianshui Uluslararası Kara Limanı Şirketi",
    vi: "Công ty Cảng cạn quốc tế Thiên Thủy",
    ar: "شركة ميناء تيانشوي البري الدولي",
  },
  "Wuwei International Land Port Co.": {
    "zh-CN": "武威国际陆港有限公司",
    en: "Wuwei International Land Port Co.",
    ru: "Компания «Международный сухой порт Увэй»",
    de: "Gesellschaft Internationaler Landhafen Wuwei",
    pl: "Spółka Międzynarodowy Port Lądowy Wuwei",
    kk: "«Увэй халықаралық құрғақ порты» компаниясы",
    uz: "«Uvey xalqaro quruqlik porti» kompaniyasi",
    tr: "Wuwei Uluslararası Kara Limanı Şirketi",
    vi: "Công ty Cảng cạn quốc tế Vũ Uy",
    ar: "شركة ميناء ووي البري الدولي",
  },
  "Silk Road Air Cargo Charter": {
    "zh-CN": "丝路航空货运包机",
    en: "Silk Road Air Cargo Charter",
    ru: "Грузовые авиачартеры «Шёлковый путь»",
    de: "Luftfracht-Charter Seidenstraße",
    pl: "Lotnicze czartery cargo Jedwabny Szlak",
    kk: "«Жібек жолы» әуе жүк чартерлері",
    uz: "«Ipak yoʻli» havo yuk charterlari",
    tr: "İpek Yolu Hava Kargo Charter",
    vi: "Chuyến bay thuê chở hàng Con đường Tơ lụa",
    ar: "رحلات طريق الحرير المستأجرة للشحن الجوي",
  },
};

/** An aircraft type at the end of an operator's name, e.g. " (B747-400F)". */
const AIRCRAFT_SUFFIX = / \(([A-Z]\d{3}-\d{3}[A-Z]*)\)$/;

/** The operator's name in `locale`; a name the table does not know is shown as stored. */
export function operatorName(stored: string, locale: Locale): string {
  const known = OPERATOR_NAMES[stored];
  if (known) return pickName(known, locale);
  const aircraft = AIRCRAFT_SUFFIX.exec(stored);
  const base = aircraft ? OPERATOR_NAMES[stored.slice(0, aircraft.index)] : undefined;
  return base && aircraft ? `${pickName(base, locale)} (${aircraft[1]})` : stored;
}
