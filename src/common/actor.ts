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
