import type { Parties, StoredCargo } from "~/schemas/booking";

/** A consignment as the wizard stores it: goji berries from Lanzhou to Duisburg. */
export const DEMO_CARGO: StoredCargo = {
  lines: [
    {
      description: "Dried goji berries in cartons",
      hsCode: "081340",
      hsSubheading: "081340",
      grossWeightKg: 15_000,
      packages: 1200,
      packageType: "CARTONS",
      volumeM3: 60,
      dangerous: false,
    },
  ],
};

export const DEMO_PARTIES: Parties = {
  shipper: {
    name: "兰州丝路进出口有限公司",
    addressLines: ["兰州新区综合保税区 3 号库"],
    city: "兰州",
    postcode: "730087",
    countryCode: "CN",
    taxId: "91620100MA72X4K3QK",
  },
  consignee: {
    name: "Duisburg Foods GmbH",
    addressLines: ["Hafenstraße 1"],
    city: "Duisburg",
    postcode: "47119",
    countryCode: "DE",
    contactName: "Anna Schmidt",
    phone: "+49 203 123456",
    taxId: "DE123456789012345",
  },
  doorPickup: false,
  doorDelivery: false,
  incoterm: "FCA",
};
