/** Who is calling, as established by a session (pages, actions) or an API key (routes). */
export type Viewer = {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly via: "session" | "api-key";
};
