import { askedAccess, firstStep, methodsOf, untouchable } from '../../test/support/access-first';
import { ComputeService } from './compute.service';
import { PublicationsService } from './publications.service';

/**
 * Whoever calls them (a controller, a page, the CLI), the results services ask for access
 * before they touch anything: every other dependency here throws when used.
 */
describe('the results services ask for access first', () => {
  const compute = new ComputeService(untouchable('dataSource'), untouchable('uow'), askedAccess(), untouchable('audit'), untouchable('repository'), untouchable('facts'), untouchable('clock'));
  const publications = new PublicationsService(
    untouchable('dataSource'), untouchable('uow'), askedAccess(), untouchable('audit'), untouchable('repository'), untouchable('facts'), untouchable('clock'), untouchable('config'),
  );
  const actorFacing: [string, string, object, unknown[], string][] = [
    ['ComputeService', 'compute', compute, ['contoh-2025'], 'requireEdition'],
    ['ComputeService', 'results', compute, ['contoh-2025', 'pemprov'], 'requireEdition'],
    ['ComputeService', 'breakdown', compute, ['contoh-2025', 'a'], 'requireParticipant'],
    ['ComputeService', 'definition', compute, ['contoh-2025'], 'requireEdition'],
    ['PublicationsService', 'publish', publications, ['contoh-2025', { decreeNumber: 'SK 1', decreeDate: '2025-12-12' }], 'requireEdition'],
  ];
  /** what anyone may read without logging in (SPEC §6), and the private steps of the methods above */
  const notActorFacing: Record<string, string[]> = {
    ComputeService: ['draftBreakdown', 'publishedBreakdown'],
    PublicationsService: ['history', 'publicResults', 'published', 'verifyCertificate'],
  };

  it.each(actorFacing)('%s.%s asks for access first', async (_, method, service, args, check) => {
    expect(await firstStep(service, method, args)).toBe(`access.${check}`);
  });

  it.each([
    ['ComputeService', compute],
    ['PublicationsService', publications],
  ])('%s has no other method', (name, service) => {
    const listed = [...actorFacing.filter(([n]) => n === name).map(([, method]) => method), ...notActorFacing[name as string]];
    expect(methodsOf(service).sort()).toEqual(listed.sort());
  });
});
