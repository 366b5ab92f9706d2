import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { signUpViaForm } from "./helpers/accounts";
import { deployViaButton, wsgiRepository } from "./helpers/apps";
import { ROUTER_PORT } from "./helpers/ports";

/** /broken runs a query PostgreSQL refuses. Elsewhere it stores the query string as a note (psycopg2, DATABASE_* from its environment), answers with all notes. */
const NOTES_APP = `import os, psycopg2
def application(environ, start_response):
    conn = psycopg2.connect(host=os.environ["DATABASE_HOST"], port=os.environ["DATABASE_PORT"],
                            dbname=os.environ["DATABASE_NAME"], user=os.environ["DATABASE_USER"],
                            password=os.environ["DATABASE_PASSWORD"])
    with conn, conn.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS notes (id serial PRIMARY KEY, body text)")
        if environ.get("PATH_INFO") == "/broken":
            cur.execute("SELECT * FROM missing_table")
        text = environ.get("QUERY_STRING") or ""
        if text:
            cur.execute("INSERT INTO notes (body) VALUES (%s)", (text,))
        cur.execute("SELECT body FROM notes ORDER BY id")
        rows = [r[0] for r in cur.fetchall()]
    conn.close()
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [("notes: " + ",".join(rows)).encode()]
`;

function card(page: Page, title: string) {
  return page.getByRole("region", { name: title, exact: true });
}

async function openTab(page: Page, name: string): Promise<void> {
  const tabs = page.getByRole("navigation", { name: "App sections" });
  await tabs.getByRole("link", { name, exact: true }).click();
  await expect(tabs.getByRole("link", { name, exact: true })).toHaveAttribute("aria-current", "page");
}

/** A file server on loopback, as a user's own host of a dump would be. */
let files: http.Server;
const served = new Map<string, Buffer>();
let filesUrl = "";
test.beforeAll(async () => {
  files = http.createServer((req, res) => {
    const body = served.get(req.url ?? "");
    if (!body) return void res.writeHead(404).end("no such dump");
    res.writeHead(200, { "Content-Type": "application/octet-stream" }).end(body);
  });
  await new Promise<void>((resolve) => files.listen(0, "127.0.0.1", resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});
test.afterAll(async () => {
  await new Promise((resolve) => files.close(resolve));
});

test("[DATABASES]: create an app with a database, deploy, see its rows, reveal the password, back up, restore from a URL and from an uploaded file, remove the database", async ({
  page,
}) => {
  test.setTimeout(300_000);
  const who = await signUpViaForm(page);
  await page.getByRole("link", { name: "Create app" }).click();
  await page.getByLabel("App name").fill("notes");
  await page.getByLabel("Repository location").fill(wsgiRepository(NOTES_APP));
  await page.getByLabel("Create a PostgreSQL database").check();
  await page.getByRole("button", { name: "Create app" }).click();
  await expect(page).toHaveURL(/\/apps\/notes$/);
  await deployViaButton(page);

  const appUrl = `http://notes-${who.account}.localhost:${ROUTER_PORT}/`;
  await page.goto(`${appUrl}?hello`);
  await expect(page.locator("body")).toHaveText("notes: hello");

  // The card: the password masked until revealed, then in the connection URL too.
  await page.goto("/apps/notes");
  await openTab(page, "Resources");
  const database = card(page, "PostgreSQL");
  await expect(database.getByTestId("database-status")).toHaveText("available");
  await expect(database.getByTestId("database-password")).toHaveText("****");
  await expect(database.getByTestId("database-url")).toContainText(":****@127.0.0.1:");
  await database.getByRole("button", { name: "Reveal password" }).click();
  await expect(database.getByRole("button", { name: "Copy password" })).toBeVisible();
  const password = (await database.getByTestId("database-password").textContent()) ?? "";
  expect(password).toMatch(/^[A-Za-z0-9_-]{32,}$/);
  await expect(database.getByTestId("database-url")).toContainText(`:${password}@127.0.0.1:`);

  // Back it up, and download the backup the card lists.
  await database.getByRole("button", { name: "Backup" }).click();
  await database.getByRole("link", { name: "Follow it in the logbook" }).click();
  await expect(page.getByText("finished", { exact: true })).toBeVisible({ timeout: 60_000 });
  await page.goto("/apps/notes");
  await openTab(page, "Resources");
  const downloading = page.waitForEvent("download");
  await database.getByRole("link", { name: /^\d{8}T\d{6}Z-[0-9a-f]{8}\.dump$/ }).click();
  const dump = readFileSync((await (await downloading).path()) ?? "");
  expect(dump.subarray(0, 5).toString()).toBe("PGDMP");
  served.set("/notes.dump", dump);

  // Later changes…
  await page.goto(`${appUrl}?world`);
  await expect(page.locator("body")).toHaveText("notes: hello,world");

  // …undone by restoring the dump from a URL.
  await page.goto("/apps/notes");
  await openTab(page, "Resources");
  await database.getByLabel("Restore from (URL of a pg_dump -Fc file)").fill(`${filesUrl}/notes.dump`);
  await database.getByRole("button", { name: "Restore", exact: true }).click();
  const confirm = page.getByRole("dialog");
  await expect(confirm.getByRole("heading", { name: /^Restore into .+\?$/ })).toBeVisible();
  await confirm.getByRole("button", { name: "Restore" }).click();
  await database.getByRole("link", { name: "Follow it in the logbook" }).click();
  await expect(page.getByText("finished", { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole("log", { name: "Logbook output" })).toContainText("Downloaded");
  await page.goto(appUrl);
  await expect(page.locator("body")).toHaveText("notes: hello");

  // …and again, from the same dump uploaded in the dashboard: a file that is no dump is
  // refused before anything is sent, the dump is uploaded, the dialog names the database.
  await page.goto(`${appUrl}?again`);
  await expect(page.locator("body")).toHaveText("notes: hello,again");
  await page.goto("/apps/notes");
  await openTab(page, "Resources");
  await database.getByRole("button", { name: "Restore from a file" }).click();
  const dumpFile = database.getByLabel("Dump file (pg_dump -Fc)");
  await expect(dumpFile).toBeFocused();
  await dumpFile.setInputFiles({
    name: "notes.sql",
    mimeType: "text/plain",
    buffer: Buffer.from("DROP TABLE notes;\n"),
  });
  await expect(database.getByRole("alert")).toContainText("not a pg_dump custom-format archive");
  const upload = database.getByRole("button", { name: "Upload", exact: true });
  await expect(upload).toBeDisabled();
  await dumpFile.setInputFiles({ name: "notes.dump", mimeType: "application/octet-stream", buffer: dump });
  await expect(database.getByTestId("upload-size")).toHaveText(/^\d+ kB$/);
  await upload.click();
  await expect(database.getByText(/^Uploaded \d+ kB\./)).toBeVisible();
  await database.getByRole("button", { name: "Restore this file" }).click();
  const confirmUpload = page.getByRole("dialog");
  await expect(confirmUpload.getByRole("heading", { name: /^Restore into \w+\?$/ })).toBeVisible();
  await expect(confirmUpload).toContainText("notes.dump");
  await confirmUpload.getByRole("button", { name: "Restore" }).click();
  await database.getByRole("link", { name: "Follow it in the logbook" }).click();
  await expect(page.getByText("finished", { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole("log", { name: "Logbook output" })).toContainText("Using the uploaded file");
  await page.goto(appUrl);
  await expect(page.locator("body")).toHaveText("notes: hello");

  // PostgreSQL's words about the app's failing query are in the app's logs, as program postgres.
  expect((await page.goto(`${appUrl}broken`))?.status()).toBe(500);
  await page.goto("/apps/notes/logs");
  // The program is offered once it has logged (the list refreshes by itself).
  await page.getByRole("checkbox", { name: "postgres" }).check({ timeout: 30_000 });
  await expect(page.getByRole("log", { name: "Process logs" })).toContainText(
    'ERROR:  relation "missing_table" does not exist',
  );

  // No MongoDB server on this platform: adding one says so, in the card.
  await page.goto("/apps/notes");
  await openTab(page, "Resources");
  const mongodb = card(page, "MongoDB");
  await mongodb.getByRole("button", { name: "Add MongoDB" }).click();
  await expect(mongodb.getByText(/This platform has no MongoDB server/)).toBeVisible();
  await expect(mongodb.getByText("THIRTY_MONGODB_ADMIN_URL", { exact: false })).toBeVisible();

  // Removing the database names it, and wants its name typed.
  await database.getByRole("button", { name: "Remove PostgreSQL" }).click();
  const remove = page.getByRole("dialog");
  const heading = remove.getByRole("heading", { name: /^Delete the PostgreSQL database \w+\?$/ });
  await expect(heading).toBeVisible();
  const name = /database (\w+)\?$/.exec((await heading.textContent()) ?? "")?.[1] ?? "";
  await expect(remove).toContainText(`This drops the database ${name} with all its data`);
  await expect(remove.getByRole("button", { name: "Delete database" })).toBeDisabled();
  await remove.getByLabel(`Type ${name} to confirm`).fill(name);
  await remove.getByRole("button", { name: "Delete database" }).click();
  await expect(database.getByText("No PostgreSQL database.", { exact: false })).toBeVisible();
  await expect(page.getByRole("dialog")).toHaveCount(0);
});
