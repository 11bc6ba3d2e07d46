/** `npm run db:seed`: reference data, the rolling demo timetable and (outside production) demo accounts. */
import { createDb } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { seedDemoAccounts } from "./demo-accounts";
import { seedDemoTracking } from "./demo-tracking";
import { seedExchangeRates } from "./exchange-rates";
import { seedDatabase } from "./seed";

const db = createDb(env().DATABASE_URL);
try {
  const report = await seedDatabase(db);
  console.log(
    `Seeded ${report.places} places, ${report.corridors} corridors, ${report.services} services; ${report.departuresCreated} new departures.`,
  );
  // Known passwords have no place in production, unless a demo deployment asks for them.
  if (env().NODE_ENV !== "production" || process.env.DEMO_ACCOUNTS === "1") {
    console.log(`Demo accounts: ${await seedDemoAccounts(db)} created (see README).`);
    console.log(`Demo exchange rates: ${await seedExchangeRates(db)} created.`);
    console.log(`Demo consignment under way: ${await seedDemoTracking(db)} created.`);
  }
} finally {
  await db.$disconnect();
}
