/**
 * A request refused at the edge — before authentication, validation or any route sees it — with its
 * status, a stable code and the offending input (`body.items.0.name`, `querystring.offset`,
 * `params.id`, `headers.user-agent`, `url`). The error handler turns it into problem+json.
 */
export class EdgeRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'EdgeRefusal';
  }
}
