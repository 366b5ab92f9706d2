/** A WSGI app that writes a row with the credentials its environment gives it, then reads it back. */
export const NOTES_APP = {
  "app.py": `import os, psycopg2
def application(environ, start_response):
    conn = psycopg2.connect(host=os.environ["DATABASE_HOST"], port=os.environ["DATABASE_PORT"],
                            dbname=os.environ["DATABASE_NAME"], user=os.environ["DATABASE_USER"],
                            password=os.environ["DATABASE_PASSWORD"])
    with conn, conn.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS notes (id serial PRIMARY KEY, body text)")
        text = environ.get("QUERY_STRING") or ""
        if text:
            cur.execute("INSERT INTO notes (body) VALUES (%s)", (text,))
        cur.execute("SELECT body FROM notes ORDER BY id")
        rows = [r[0] for r in cur.fetchall()]
    conn.close()
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [",".join(rows).encode()]
`,
  "thirty.ini": "[wsgi]\nentrypoint = app:application\n\n[worker:processes]\nloop = sleep 3600\n",
};
