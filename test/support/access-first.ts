import { AccessService } from '../../src/access/access.service';
import { Actor } from '../../src/common/actor';

/** Thrown by the stand-in access service: the method under test did ask for access. */
export class AccessAsked extends Error {
  constructor(readonly check: string) {
    super(`access asked: ${check}`);
  }
}

/** Thrown by every other stand-in: the method under test touched something before asking for access. */
export class TouchedBeforeAccess extends Error {}

/** A dependency that refuses every use: the method under test must not reach it before the access check. */
export function untouchable(name: string): never {
  return new Proxy(
    {},
    {
      get(_, property) {
        if (property === 'then') return undefined; // not a promise
        throw new TouchedBeforeAccess(`${name}.${String(property)} used before the access check`);
      },
    },
  ) as never;
}

/** An AccessService whose every check throws AccessAsked, naming the check. */
export function askedAccess(): AccessService {
  return new Proxy(
    {},
    {
      get(_, property) {
        if (property === 'then') return undefined;
        return () => {
          throw new AccessAsked(String(property));
        };
      },
    },
  ) as AccessService;
}

export const SOME_ACTOR: Actor = { id: 1, username: 'someone', role: 'admin', commissionId: null, commission: null, bodyId: null, body: null };

/** The methods of a service's class (its prototype's functions), constructor aside. */
export function methodsOf(service: object): string[] {
  const prototype = Object.getPrototypeOf(service) as Record<string, unknown>;
  return Object.getOwnPropertyNames(prototype).filter((name) => name !== 'constructor' && typeof prototype[name] === 'function');
}

/**
 * Calls a service method with the actor and placeholder arguments, and says what happened
 * first: the access check it asked for, or the dependency it touched before asking.
 */
export async function firstStep(service: object, method: string, args: unknown[]): Promise<string> {
  try {
    await (service as Record<string, (...a: unknown[]) => Promise<unknown>>)[method](SOME_ACTOR, ...args);
    return 'returned without asking for access';
  } catch (error) {
    if (error instanceof AccessAsked) return `access.${error.check}`;
    if (error instanceof TouchedBeforeAccess) return error.message;
    return `failed before asking for access: ${(error as Error).message}`;
  }
}
