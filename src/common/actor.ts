import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Role } from '../users/user.entity';

/** Who is calling: the logged-in user as the access checks see it (ids for queries, codes for messages). */
export interface Actor {
  id: number;
  username: string;
  role: Role;
  /** null for an admin of every commission */
  commissionId: number | null;
  commission: string | null;
  /** the body a `body` user answers for */
  bodyId: number | null;
  body: string | null;
}

/**
 * The actor of the CLI and other work no logged-in user asks for (import, compute, publish,
 * exports run by the commission's operator on the server): an admin of every commission, which
 * the audit records as `system:<source>` — a name no user can have (usernames start with a
 * letter or digit and have no ":").
 */
export function systemActor(source: string): Actor {
  return { id: 0, username: `system:${source}`, role: 'admin', commissionId: null, commission: null, bodyId: null, body: null };
}

/** Whether an actor is the system (see systemActor), not a user. */
export function isSystemActor(actor: Actor): boolean {
  return actor.id === 0 && actor.username.startsWith('system:');
}

export interface RequestWithActor {
  actor?: Actor;
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
}

/** The logged-in caller of this request (set by the authentication guard). */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw new Error('CurrentActor used on a public route');
  return actor;
});

export const IS_PUBLIC = 'monev:public';

/** The route needs no login (health, login, public results). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
