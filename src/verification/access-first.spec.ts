import { askedAccess, firstStep, methodsOf, untouchable } from '../../test/support/access-first';
import { ObjectionsService } from './objections.service';
import { VerificationService } from './verification.service';

/** Whoever calls them, verification and objections ask for access before they touch anything: every other dependency here throws when used. */
describe('the verification services ask for access first', () => {
  const verification = new VerificationService(
    untouchable('uow'), askedAccess(), untouchable('audit'), untouchable('instruments'), untouchable('responses'), untouchable('repository'), untouchable('facts'), untouchable('clock'),
  );
  const objections = new ObjectionsService(
    untouchable('dataSource'), untouchable('uow'), askedAccess(), untouchable('audit'), untouchable('instruments'), untouchable('responses'), untouchable('repository'), untouchable('clock'),
  );
  const actorFacing: [string, string, object, unknown[], string][] = [
    ['VerificationService', 'decide', verification, ['contoh-2025', 'a', '1.1', { decision: 'accept' }, 'saq'], 'requireBody'],
    ['VerificationService', 'complete', verification, ['contoh-2025', 'a', 'saq'], 'requireBody'],
    ['ObjectionsService', 'create', objections, ['contoh-2025', { body: 'a', stage: 'saq', question: '1.1', reason: 'ada' }], 'requireBody'],
    ['ObjectionsService', 'rule', objections, ['contoh-2025', 1, { decision: 'upheld', note: 'ya' }], 'requireObjection'],
    ['ObjectionsService', 'list', objections, ['contoh-2025', 'a'], 'requireEdition'],
  ];
  /** the private steps of the methods above */
  const notActorFacing: Record<string, string[]> = { VerificationService: ['openForVerification'], ObjectionsService: [] };

  it.each(actorFacing)('%s.%s asks for access first', async (_, method, service, args, check) => {
    expect(await firstStep(service, method, args)).toBe(`access.${check}`);
  });

  it.each([
    ['VerificationService', verification],
    ['ObjectionsService', objections],
  ])('%s has no other method', (name, service) => {
    const listed = [...actorFacing.filter(([n]) => n === name).map(([, method]) => method), ...notActorFacing[name as string]];
    expect(methodsOf(service).sort()).toEqual(listed.sort());
  });
});
