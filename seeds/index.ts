/** `npm run db:seed`: reference data and the rolling demo timetable for DATABASE_URL. */
import { createDb } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { seedDatabase } from "./seed";

const db = createDb(env().DATABASE_URL);
try {
  const report = await seedDatabase(db);
  console.log(
    `Seeded ${report.places} places, ${report.corridors} corridors, ${report.services} services; ${report.departuresCreated} new departures.`,
  );
} finally {
  await db.$disconnect();
}
