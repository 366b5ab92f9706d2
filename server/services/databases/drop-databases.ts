import { AppError } from "@/server/services/errors";
import { dropProvisioned } from "./provision-postgres";

/**
 * Drops what was provisioned; if the server cannot, the caller's transaction is rolled back so
 * the service (and its credentials) stays until a delete succeeds, never an orphaned database.
 */
export async function dropProvisionedOrRefuse(
  rows: { name: string; username: string; host: string | null; label: string }[],
): Promise<void> {
  try {
    await dropProvisioned(rows);
  } catch (error) {
    console.error("Dropping an app's database failed:", error);
    throw new AppError(
      "UNAVAILABLE",
      "The database server could not drop the database, so nothing was deleted; try again shortly.",
    );
  }
}
