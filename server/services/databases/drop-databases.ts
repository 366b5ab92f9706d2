import { AppError } from "@/server/services/errors";
import { NoMongoServerError } from "./provision-mongodb";
import { dropProvisioned } from "./provision-databases";

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
    if (error instanceof NoMongoServerError)
      throw new AppError(
        "UNAVAILABLE",
        "The MongoDB database cannot be dropped: this platform no longer has a MongoDB server (THIRTY_MONGODB_ADMIN_URL), so nothing was deleted. Ask its operator to set it again.",
      );
    console.error("Dropping an app's database failed:", error);
    throw new AppError(
      "UNAVAILABLE",
      "The database server could not drop the database, so nothing was deleted; try again shortly.",
    );
  }
}
