/** Who is calling: the user, and the account every query of theirs is scoped to. */
export type Caller = {
  userId: string;
  username: string;
  accountId: string;
  accountName: string;
};
