import { askedAccess, firstStep, methodsOf, untouchable } from '../../test/support/access-first';
import { SaqService } from './saq.service';

/** Whoever calls it, the SAQ service asks for access before it touches anything: every other dependency here throws when used. */
describe('the SAQ service asks for access first', () => {
  const saq = new SaqService(
    untouchable('dataSource'), untouchable('uow'), askedAccess(), untouchable('audit'), untouchable('instruments'), untouchable('repository'), untouchable('facts'), untouchable('clock'),
  );
  const actorFacing: [string, unknown[]][] = [
    ['view', ['contoh-2025', 'a', 'saq']],
    ['saveAnswer', ['contoh-2025', 'a', '1.1', { value: true }, 'saq']],
    ['submit', ['contoh-2025', 'a', 'saq']],
  ];
  /** the private steps of the methods above */
  const notActorFacing = ['openResponseForAnswer', 'questionnaire', 'openResponse'];

  it.each(actorFacing)('SaqService.%s asks for access first', async (method, args) => {
    expect(await firstStep(saq, method, args)).toBe('access.requireBody');
  });

  it('has no other method', () => {
    expect(methodsOf(saq).sort()).toEqual([...actorFacing.map(([m]) => m), ...notActorFacing].sort());
  });
});
