/** Demo sign-ins for every role (listed in the README). Never seeded in production unless asked. */
export const DEMO_PASSWORD = "Silu-demo-2026";

export const DEMO_COMPANIES = [
  {
    creditCode: "91620100MA72X4K3QK",
    legalNameZh: "兰州丝路进出口有限公司",
    legalNameLatin: "Lanzhou Silk Road Import & Export Co., Ltd.",
    address: "甘肃省兰州市城关区东岗西路 1 号",
    contactPhone: "+86 931 800 0001",
    creditStatus: "ON_ACCOUNT",
  },
  {
    creditCode: "91620500224460002G",
    legalNameZh: "武威凉州农产品贸易有限公司",
    legalNameLatin: "Wuwei Liangzhou Agricultural Trading Co., Ltd.",
    address: "甘肃省武威市凉州区东大街 8 号",
    contactPhone: "+86 935 600 0002",
    creditStatus: "PREPAY",
  },
] as const;

export const DEMO_USERS = [
  { email: "admin@lanzhou-silkroad.example", name: "王芳", kind: "EXPORTER", locale: "zh-CN", timeZone: "Asia/Shanghai", company: "91620100MA72X4K3QK", role: "ADMIN" },
  { email: "booker@lanzhou-silkroad.example", name: "李强", kind: "EXPORTER", locale: "zh-CN", timeZone: "Asia/Shanghai", company: "91620100MA72X4K3QK", role: "BOOKER" },
  { email: "admin@wuwei-agri.example", name: "张伟", kind: "EXPORTER", locale: "zh-CN", timeZone: "Asia/Shanghai", company: "91620500224460002G", role: "ADMIN" },
  { email: "partner@duisburg-logistics.example", name: "Anna Schmidt", kind: "PARTNER", locale: "de", timeZone: "Europe/Berlin", partnerOf: "91620100MA72X4K3QK" },
  { email: "staff.lanzhou@silu-gateway.example", name: "赵敏", kind: "STAFF", staffRole: "SUPERVISOR", locale: "zh-CN", timeZone: "Asia/Shanghai", ports: ["CNLAZ", "CNLHW"] },
  { email: "staff.wuwei@silu-gateway.example", name: "陈刚", kind: "STAFF", staffRole: "OPERATOR", locale: "zh-CN", timeZone: "Asia/Shanghai", ports: ["CN-WUW"] },
  { email: "admin@silu-gateway.example", name: "Platform Admin", kind: "ADMIN", locale: "en", timeZone: "Asia/Shanghai" },
] as const;
