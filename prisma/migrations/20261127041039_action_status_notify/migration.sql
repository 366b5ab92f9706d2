-- Every change of an action's status is published on the live bus (server/live/pg-live-bus.ts)
-- by PostgreSQL itself, in the transaction that makes it: whichever process queues, runs,
-- cancels or ends an action, every web process hears of it, and only once it is committed.
--
-- The body is an E'' string with \073 for each semicolon: Prisma's driver adapter runs a
-- migration by splitting it at every semicolon (comments included), which would cut a
-- $$-quoted body apart.
CREATE FUNCTION thirty_action_status_notify() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP = ''INSERT'' OR OLD.status IS DISTINCT FROM NEW.status THEN
    PERFORM pg_notify(
      ''thirty_live'',
      json_build_object(
        ''kind'', ''action-status'',
        ''actionId'', NEW.id,
        ''appId'', NEW."appId",
        ''status'', NEW.status
      )::text
    )\073
  END IF\073
  RETURN NULL\073
END
';

CREATE TRIGGER "Action_status_notify"
  AFTER INSERT OR UPDATE OF status ON "Action"
  FOR EACH ROW EXECUTE FUNCTION thirty_action_status_notify();
