/** IATA volumetric divisor for air cargo: 6,000 cm³ count as 1 kg. */
export const VOLUMETRIC_DIVISOR = 6000;

export interface AirPiece {
  quantity: number;
  lengthCm: number;
  widthCm: number;
  heightCm: number;
  /** Gross weight of one piece. */
  grossKg: number;
}

export interface ChargeableWeight {
  pieces: number;
  grossKg: number;
  volumeCm3: number;
  volumetricKg: number;
  /** max(gross, volumetric), rounded up to the next half kilogram as airlines do. */
  chargeableKg: number;
}

const upToHalfKg = (kg: number) => Math.ceil(kg * 2) / 2;

export function chargeableWeight(pieces: AirPiece[]): ChargeableWeight {
  let count = 0;
  let grossKg = 0;
  let volumeCm3 = 0;
  for (const piece of pieces) {
    count += piece.quantity;
    grossKg += piece.quantity * piece.grossKg;
    volumeCm3 += piece.quantity * piece.lengthCm * piece.widthCm * piece.heightCm;
  }
  const volumetricKg = volumeCm3 / VOLUMETRIC_DIVISOR;
  return {
    pieces: count,
    grossKg: Math.round(grossKg * 1000) / 1000,
    volumeCm3,
    volumetricKg: Math.round(volumetricKg * 1000) / 1000,
    chargeableKg: upToHalfKg(Math.max(grossKg, volumetricKg)),
  };
}
