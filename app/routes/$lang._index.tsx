import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireLocale } from "~/utils/locale.server";

/** A language's home is its schedule board; anything that is not one of our languages is a 404. */
export async function loader({ params }: LoaderFunctionArgs) {
  throw redirect(`/${requireLocale(params)}/schedules`);
}
