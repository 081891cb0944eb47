/**
 * The Nexar stand-in's catalogue: real, common electronic parts (their real MPNs, makers and
 * descriptions) with sellers, stock and price breaks derived from the MPN alone, so every run
 * answers the same and a BOM of real parts finds them. Prices are in the range distributors list
 * them at, not quotes.
 */

/** [MPN, manufacturer, description, unit price in USD at quantity 1] */
const PARTS: ReadonlyArray<readonly [string, string, string, number]> = [
  ["NE555P", "Texas Instruments", "Single precision timer, 4.5-16 V, 8-PDIP", 0.5],
  ["NE555DR", "Texas Instruments", "Single precision timer, 4.5-16 V, 8-SOIC", 0.42],
  ["NE555N", "STMicroelectronics", "General-purpose single bipolar timer, DIP-8", 0.45],
  ["LM358DR", "Texas Instruments", "Dual op amp, 3-32 V, 700 kHz, 8-SOIC", 0.38],
  ["LM358P", "Texas Instruments", "Dual op amp, 3-32 V, 700 kHz, 8-PDIP", 0.46],
  ["LM358N", "STMicroelectronics", "Low-power dual op amp, DIP-8", 0.4],
  ["TL072CP", "Texas Instruments", "Dual low-noise JFET-input op amp, 8-PDIP", 0.59],
  ["OPA2134PA", "Texas Instruments", "Dual high-performance audio op amp, 8-PDIP", 3.5],
  ["LM393DR", "Texas Instruments", "Dual differential comparator, 2-36 V, 8-SOIC", 0.25],
  ["TL431AIDBZR", "Texas Instruments", "Adjustable precision shunt regulator, SOT-23", 0.15],
  ["LM317T", "STMicroelectronics", "Adjustable positive voltage regulator, 1.2-37 V, 1.5 A, TO-220", 0.72],
  ["L7805CV", "STMicroelectronics", "Positive voltage regulator, 5 V, 1.5 A, TO-220", 0.58],
  ["MC7805CTG", "onsemi", "Positive voltage regulator, 5 V, 1 A, TO-220", 0.62],
  ["AMS1117-3.3", "Advanced Monolithic Systems", "LDO regulator, 3.3 V, 1 A, SOT-223", 0.18],
  ["LM1117IMPX-3.3/NOPB", "Texas Instruments", "LDO regulator, 3.3 V, 800 mA, SOT-223", 1.05],
  ["AP2112K-3.3TRG1", "Diodes Incorporated", "LDO regulator, 3.3 V, 600 mA, SOT-23-5", 0.37],
  ["MCP1700T-3302E/TT", "Microchip Technology", "Low-quiescent LDO regulator, 3.3 V, 250 mA, SOT-23", 0.4],
  ["LM2596S-5.0/NOPB", "Texas Instruments", "Step-down switching regulator, 5 V, 3 A, TO-263", 4.25],
  ["TPS62160DGKR", "Texas Instruments", "Step-down converter, 3-17 V, 1 A, VSSOP-8", 1.6],
  ["ATMEGA328P-PU", "Microchip Technology", "8-bit AVR microcontroller, 32 KB flash, 20 MHz, 28-PDIP", 2.89],
  ["ATMEGA328P-AU", "Microchip Technology", "8-bit AVR microcontroller, 32 KB flash, 20 MHz, 32-TQFP", 2.56],
  ["ATTINY85-20PU", "Microchip Technology", "8-bit AVR microcontroller, 8 KB flash, 20 MHz, 8-PDIP", 1.53],
  ["PIC16F877A-I/P", "Microchip Technology", "8-bit PIC microcontroller, 14 KB flash, 20 MHz, 40-PDIP", 5.67],
  ["STM32F103C8T6", "STMicroelectronics", "Arm Cortex-M3 microcontroller, 64 KB flash, 72 MHz, LQFP-48", 5.21],
  ["STM32F401RET6", "STMicroelectronics", "Arm Cortex-M4 microcontroller, 512 KB flash, 84 MHz, LQFP-64", 7.08],
  ["STM32G031K8T6", "STMicroelectronics", "Arm Cortex-M0+ microcontroller, 64 KB flash, 64 MHz, LQFP-32", 1.9],
  ["RP2040", "Raspberry Pi", "Dual Arm Cortex-M0+ microcontroller, 133 MHz, QFN-56", 0.8],
  ["ESP32-WROOM-32E-N4", "Espressif Systems", "Wi-Fi and Bluetooth LE module, 4 MB flash", 3.1],
  ["BC547BTA", "onsemi", "NPN bipolar transistor, 45 V, 100 mA, TO-92", 0.1],
  ["2N3904BU", "onsemi", "NPN bipolar transistor, 40 V, 200 mA, TO-92", 0.12],
  ["2N3906BU", "onsemi", "PNP bipolar transistor, 40 V, 200 mA, TO-92", 0.12],
  ["BSS138", "onsemi", "N-channel MOSFET, 50 V, 220 mA, SOT-23", 0.16],
  ["AO3400A", "Alpha & Omega Semiconductor", "N-channel MOSFET, 30 V, 5.7 A, SOT-23", 0.14],
  ["IRF540NPBF", "Infineon Technologies", "N-channel MOSFET, 100 V, 33 A, TO-220AB", 1.35],
  ["IRLZ44NPBF", "Infineon Technologies", "Logic-level N-channel MOSFET, 55 V, 47 A, TO-220AB", 1.4],
  ["1N4148W-7-F", "Diodes Incorporated", "Switching diode, 100 V, 300 mA, SOD-123", 0.1],
  ["1N4007-T", "Diodes Incorporated", "Rectifier diode, 1000 V, 1 A, DO-41", 0.11],
  ["1N5819HW-7-F", "Diodes Incorporated", "Schottky diode, 40 V, 1 A, SOD-123", 0.17],
  ["BAV99,215", "Nexperia", "Dual switching diode, 100 V, 215 mA, SOT-23", 0.1],
  ["BAV99LT1G", "onsemi", "Dual switching diode, 70 V, 215 mA, SOT-23", 0.09],
  ["SMBJ5.0A", "Littelfuse", "TVS diode, 5 V standoff, 600 W, SMB", 0.28],
  ["USBLC6-2SC6", "STMicroelectronics", "ESD protection for high-speed USB lines, SOT-23-6", 0.36],
  ["MAX232CPE+", "Analog Devices", "RS-232 driver/receiver, 5 V, 16-PDIP", 3.8],
  ["MAX3232ECPE+", "Analog Devices", "RS-232 transceiver, 3-5.5 V, 16-PDIP", 4.9],
  ["FT232RL-REEL", "FTDI", "USB to UART interface, SSOP-28", 4.5],
  ["CP2102N-A02-GQFN28R", "Silicon Labs", "USB to UART bridge, QFN-28", 1.95],
  ["CH340G", "WCH", "USB to serial converter, SOP-16", 0.45],
  ["74HC595D,118", "Nexperia", "8-bit serial-in shift register with output latches, SO-16", 0.24],
  ["SN74HC595N", "Texas Instruments", "8-bit shift register with 3-state output registers, 16-PDIP", 0.61],
  ["SN74LVC1G14DBVR", "Texas Instruments", "Single Schmitt-trigger inverter, SOT-23-5", 0.22],
  ["CD4017BE", "Texas Instruments", "CMOS decade counter/divider, 16-PDIP", 0.55],
  ["ULN2003AN", "Texas Instruments", "7-channel Darlington transistor array, 16-PDIP", 0.65],
  ["L293D", "STMicroelectronics", "Four-channel push-pull driver with diodes, PowerDIP-16", 4.05],
  ["DRV8825PWPR", "Texas Instruments", "Stepper motor driver, 2.5 A, HTSSOP-28", 4.3],
  ["24LC256-I/P", "Microchip Technology", "256 Kbit I2C serial EEPROM, 8-PDIP", 1.1],
  ["W25Q128JVSIQ", "Winbond Electronics", "128 Mbit serial NOR flash, SPI, SOIC-8", 1.45],
  ["DS3231SN#", "Analog Devices", "Extremely accurate I2C real-time clock, 16-SOIC", 8.9],
  ["BME280", "Bosch Sensortec", "Humidity, pressure and temperature sensor, LGA-8", 4.2],
  ["ADXL345BCCZ", "Analog Devices", "3-axis digital accelerometer, LGA-14", 5.3],
  ["PC817X2NSZ9F", "Sharp", "Phototransistor optocoupler, 5 kV, 4-DIP", 0.21],
  ["GRM188R71C104KA01D", "Murata Electronics", "Ceramic capacitor, 0.1 µF, 16 V, X7R, 0603", 0.01],
  ["CL10A106KP8NNNC", "Samsung Electro-Mechanics", "Ceramic capacitor, 10 µF, 10 V, X5R, 0603", 0.03],
  ["RC0603FR-0710KL", "YAGEO", "Thick-film resistor, 10 kΩ, 1 %, 0.1 W, 0603", 0.01],
  ["ERJ-3EKF1001V", "Panasonic", "Thick-film resistor, 1 kΩ, 1 %, 0.1 W, 0603", 0.01],
  ["ABM8-16.000MHZ-B2-T", "Abracon", "Crystal, 16 MHz, 18 pF, 3.2 x 2.5 mm", 0.45],
  ["B3F-1000", "Omron Electronics", "Tactile switch, 6 x 6 mm, through hole", 0.25],
];

/** Distributors, each with its own price level and whether it buys from the manufacturer. */
const SELLERS = [
  { id: "459", name: "Digi-Key", country: "US", isAuthorized: true, priceLevel: 1, moq: 1, packaging: "Cut Tape" },
  { id: "2401", name: "Mouser", country: "US", isAuthorized: true, priceLevel: 0.98, moq: 1, packaging: "Cut Tape" },
  { id: "451", name: "Arrow Electronics", country: "US", isAuthorized: true, priceLevel: 0.93, moq: 10, packaging: "Tape & Reel" },
  { id: "2402", name: "Newark", country: "US", isAuthorized: true, priceLevel: 1.05, moq: 1, packaging: "Cut Tape" },
  { id: "3212", name: "TME", country: "PL", isAuthorized: true, priceLevel: 0.95, moq: 5, packaging: "Tube" },
  { id: "10725", name: "LCSC", country: "CN", isAuthorized: false, priceLevel: 0.62, moq: 10, packaging: "Tape & Reel" },
] as const;

const BREAKS = [
  [1, 1],
  [10, 0.86],
  [100, 0.62],
  [1000, 0.45],
] as const;

/** Rough rates from USD, for the currency a query asks prices in. */
const USD_TO: Record<string, number> = { USD: 1, EUR: 0.92, GBP: 0.79, CNY: 7.24, JPY: 154 };

/** FNV-1a: a stable number from a string, so the same MPN always gets the same sellers and stock. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const round = (n: number) => Math.round(n * 10000) / 10000;
/** MPNs compare without case, spaces or punctuation: "ne555-p" finds NE555P, "BAV99" starts BAV99,215. */
export const normalizeMpn = (mpn: string) => mpn.toUpperCase().replace(/[^A-Z0-9]/g, "");

export interface StandInOffer {
  sku: string;
  inventoryLevel: number;
  moq: number;
  packaging: string;
  clickUrl: string;
  updated: string;
  factoryLeadDays: number;
  prices: Array<{
    quantity: number;
    price: number;
    currency: string;
    convertedPrice: number;
    convertedCurrency: string;
    conversionRate: number;
  }>;
}
export interface StandInSeller {
  company: { id: string; name: string };
  country: string;
  isAuthorized: boolean;
  offers: StandInOffer[];
}
export interface StandInPart {
  id: string;
  mpn: string;
  name: string;
  shortDescription: string;
  octopartUrl: string;
  totalAvail: number;
  manufacturer: { id: string; name: string };
  medianPrice1000: { quantity: number; price: number; currency: string };
  /** A function, as graphql's default resolver calls it with the field's arguments: `sellers(authorizedOnly: true)` works. */
  sellers: (args: { authorizedOnly?: boolean | null }) => StandInSeller[];
  category: StandInCategory;
  specs: ReturnType<typeof specsOf>;
  bestDatasheet: {
    name: string;
    url: string;
    pageCount: number;
    createdAt: string;
    creditString: string;
    creditUrl: string;
    mimeType: string;
  };
  estimatedFactoryLeadDays: number;
}

export interface StandInCategory {
  id: string;
  parentId: string;
  name: string;
  path: string;
  numParts: number;
  ancestors: never[];
  children: never[];
  relevantAttributes: never[];
}

/** Categories by a word of the description, first match wins (Nexar's category tree, a few of its leaves). */
const CATEGORY_WORDS: ReadonlyArray<readonly [RegExp, string, string]> = [
  [/op amp|comparator/i, "4245", "Amplifiers and Comparators"],
  [/timer|counter|shift register|inverter|darlington|driver/i, "4270", "Logic and Timing"],
  [/regulator|converter/i, "4261", "Power Management"],
  [/microcontroller|module/i, "4215", "Microcontrollers"],
  [/transistor|mosfet/i, "4267", "Transistors"],
  [/diode|esd|tvs/i, "4221", "Diodes"],
  [/eeprom|flash/i, "4238", "Memory"],
  [/sensor|accelerometer|clock/i, "4292", "Sensors"],
  [/capacitor/i, "6331", "Capacitors"],
  [/resistor/i, "5477", "Resistors"],
];
const categoryOf = (description: string) => {
  const [, id, name] = CATEGORY_WORDS.find(([words]) => words.test(description)) ?? [null, "4166", "Integrated Circuits"];
  return { id, name };
};

/** Specs read off the description: the package (its last part) and a lifecycle status. */
function specsOf(description: string) {
  const spec = (shortname: string, name: string, value: string) => ({
    attribute: {
      id: shortname,
      name,
      shortname,
      group: "Physical",
      valueType: "text",
      unitsName: "",
      unitsSymbol: "",
      shortDisplayname: name,
    },
    value,
    siValue: value,
    valueType: "text",
    units: "",
    unitsName: "",
    unitsSymbol: "",
    displayValue: value,
  });
  return [spec("case_package", "Case/Package", description.split(", ").at(-1)!), spec("lifecyclestatus", "Lifecycle Status", "Production")];
}

/** A catalogue part as Nexar returns it, prices converted to `currency`. */
function toPart([mpn, maker, description, unitPrice]: (typeof PARTS)[number], currency: string): StandInPart {
  const h = hash(mpn);
  const rate = USD_TO[currency.toUpperCase()] ?? 1;
  const convertedCurrency = USD_TO[currency.toUpperCase()] ? currency.toUpperCase() : "USD";
  const id = String(10_000_000 + (h % 90_000_000));
  // Two to five sellers, always the same ones for this MPN.
  const count = 2 + (h % 4);
  const sellers: StandInSeller[] = Array.from({ length: count }, (_, i) => SELLERS[(h + i * 5) % SELLERS.length]!)
    .filter((seller, i, all) => all.indexOf(seller) === i)
    .map((seller, i) => {
      const stock = ((h >>> (i * 3)) % 200) * 250;
      const sku =
        seller.name === "Digi-Key"
          ? `${100 + (h % 900)}-${1000 + ((h >>> 8) % 9000)}-1-ND`
          : seller.name === "Mouser"
            ? `${500 + (hash(maker) % 400)}-${mpn}`
            : seller.name === "Newark"
              ? `${10 + (h % 90)}AC${1000 + ((h >>> 4) % 9000)}`
              : seller.name === "LCSC"
                ? `C${1000 + (h % 900_000)}`
                : mpn;
      return {
        company: { id: seller.id, name: seller.name },
        country: seller.country,
        isAuthorized: seller.isAuthorized,
        offers: [
          {
            sku,
            inventoryLevel: stock,
            moq: seller.moq,
            packaging: seller.packaging,
            clickUrl: `https://octopart.com/click/track?ai=${id}&sid=${seller.id}`,
            updated: "2026-11-20T08:00:00Z",
            factoryLeadDays: 42 + ((h >>> (i + 2)) % 10) * 7,
            // Price breaks from the seller's minimum order quantity up.
            prices: [
              ...(seller.moq > 1 && !BREAKS.some(([q]) => q === seller.moq) ? [[seller.moq, 1] as const] : []),
              ...BREAKS.filter(([q]) => q >= seller.moq),
            ].map(([quantity, factor]) => {
              const price = round(unitPrice * factor * seller.priceLevel);
              return { quantity, price, currency: "USD", convertedPrice: round(price * rate), convertedCurrency, conversionRate: rate };
            }),
          },
        ],
      };
    });
  return {
    id,
    mpn,
    name: `${maker} ${mpn}`,
    shortDescription: description,
    octopartUrl: `https://octopart.com/${mpn.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${maker.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${id}`,
    totalAvail: sellers.reduce((sum, s) => sum + s.offers[0]!.inventoryLevel, 0),
    manufacturer: { id: String(hash(maker) % 100_000), name: maker },
    medianPrice1000: { quantity: 1000, price: round(unitPrice * 0.45), currency: "USD" },
    sellers: ({ authorizedOnly }) => (authorizedOnly ? sellers.filter((s) => s.isAuthorized) : sellers),
    category: {
      ...categoryOf(description),
      parentId: "4161",
      path: `/electronic-parts/${categoryOf(description)
        .name.toLowerCase()
        .replace(/[^a-z]+/g, "-")}`,
      numParts: 0,
      ancestors: [],
      children: [],
      relevantAttributes: [],
    },
    specs: specsOf(description),
    bestDatasheet: {
      name: `${mpn} datasheet`,
      url: `https://datasheets.octopart.com/${mpn.replace(/[^A-Za-z0-9-]+/g, "-")}-${maker.replace(/[^A-Za-z0-9]+/g, "-")}.pdf`,
      pageCount: 8 + (h % 40),
      createdAt: "2024-03-01T00:00:00Z",
      creditString: maker,
      creditUrl: `https://octopart.com/manufacturers/${maker.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`,
      mimeType: "application/pdf",
    },
    estimatedFactoryLeadDays: 42 + (h % 10) * 7,
  };
}

/** Every category of the catalogue, with the number of its parts. */
export function catalogueCategories(): StandInCategory[] {
  const parts = PARTS.map((row) => toPart(row, "USD"));
  const byId = new Map<string, StandInCategory>();
  for (const part of parts) {
    const category = byId.get(part.category.id) ?? { ...part.category, numParts: 0 };
    category.numParts++;
    byId.set(category.id, category);
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Suggestions for a partial MPN: catalogue MPNs that start with it (Nexar's supSuggest). */
export function suggest(q: string, limit = 5) {
  const wanted = normalizeMpn(q);
  if (!wanted) return [];
  return PARTS.map((row) => toPart(row, "USD"))
    .filter((part) => normalizeMpn(part.mpn).startsWith(wanted))
    .slice(0, limit)
    .map((part) => ({
      text: part.mpn,
      inCategoryName: part.category.name,
      inCategoryId: part.category.id,
      inManufacturerName: part.manufacturer.name,
      inPartId: part.id,
    }));
}

export interface PartQuery {
  mpn?: string | null;
  sku?: string | null;
  mpnOrSku?: string | null;
  manufacturer?: string | null;
  seller?: string | null;
}

/**
 * The catalogue parts a query matches, best first: the exact MPN, then MPNs that start with it
 * (Nexar finds NE555P for "NE555"); `sku` matches a seller's SKU exactly; `manufacturer` and
 * `seller` narrow by name.
 */
export function findParts(query: PartQuery, currency = "USD"): StandInPart[] {
  const wanted = normalizeMpn(query.mpn ?? query.mpnOrSku ?? "");
  const sku = (query.sku ?? query.mpnOrSku ?? "").trim().toUpperCase();
  const maker = query.manufacturer?.trim().toLowerCase();
  const sellerName = query.seller?.trim().toLowerCase();
  const parts = PARTS.map((row) => toPart(row, currency));
  const scored = parts
    .map((part) => {
      const mpn = normalizeMpn(part.mpn);
      const bySku = sku !== "" && part.sellers({}).some((s) => s.offers.some((o) => o.sku.toUpperCase() === sku));
      const score = wanted && mpn === wanted ? 0 : wanted && mpn.startsWith(wanted) ? 1 : bySku ? 2 : -1;
      return { part, score };
    })
    .filter(
      ({ part, score }) =>
        score >= 0 &&
        (!maker || part.manufacturer.name.toLowerCase().includes(maker)) &&
        (!sellerName || part.sellers({}).some((s) => s.company.name.toLowerCase().includes(sellerName))),
    );
  return scored.sort((a, b) => a.score - b.score || a.part.mpn.localeCompare(b.part.mpn)).map(({ part }) => part);
}

/** Free-text search: every word of `q` appears in the part's MPN, maker or description. */
export function searchParts(q: string, currency = "USD"): StandInPart[] {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  return PARTS.map((row) => toPart(row, currency)).filter((part) => {
    const text = `${part.mpn} ${normalizeMpn(part.mpn)} ${part.manufacturer.name} ${part.shortDescription}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/** Catalogue parts by Nexar id (unknown ids give null, as Nexar does). */
export const partsById = (ids: readonly string[], currency = "USD") => {
  const parts = PARTS.map((row) => toPart(row, currency));
  return ids.map((id) => parts.find((p) => p.id === id) ?? null);
};

/** Every MPN in the catalogue, for tests and a sample BOM. */
export const STAND_IN_MPNS: readonly string[] = PARTS.map(([mpn]) => mpn);
