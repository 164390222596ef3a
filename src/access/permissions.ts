import { Role } from '../users/user.entity';

/**
 * What each permission allows, by role (SPEC §6): the one permission table. Scope comes on top
 * (access.service.ts): an admin acts within its commission (or everywhere when it has none), a
 * verifier or juror only for the bodies assigned to it in that stage, a body user only for its
 * own body.
 */
export const PERMISSIONS = {
  'commission.create': ['admin'],
  'commission.read': ['admin'],
  'fixture.import': ['admin'],
  'body.manage': ['admin'],
  'user.manage': ['admin'],
  'account.own': ['admin', 'verifier', 'juror', 'body'],
  'instrument.create': ['admin'],
  'instrument.read': ['admin', 'verifier', 'juror', 'body'],
  'edition.create': ['admin'],
  'edition.read': ['admin', 'verifier', 'juror', 'body'],
  'edition.manage': ['admin'],
  'assignment.read': ['admin', 'verifier', 'juror'],
  'saq.read': ['admin', 'verifier', 'body'],
  'saq.answer': ['body'],
  /** a workbook handed in on a CD or by courier, imported by the commission's operator: asked only for the CLI's system actor (SaqService.importWorkbook) */
  'saq.workbook_handed_in': ['admin'],
  'verification.decide': ['admin', 'verifier'],
  'objection.read': ['admin', 'verifier', 'body'],
  'objection.create': ['body'],
  'objection.rule': ['admin', 'verifier'],
  'panel.read': ['admin', 'juror'],
  'panel.score': ['juror'],
  'panel.absence': ['admin'],
  /** reopening a completed verification or a submitted sheet (SPEC §15) */
  'correction.reopen': ['admin'],
  'results.manage': ['admin'],
  'result.read': ['admin', 'body'],
  'audit.read': ['admin'],
  /** every evidence file of an edition (or of one body in it) as one zip (SPEC §13) */
  'evidence.export': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Whether a role holds a permission, before any scope is considered. */
export function roleMay(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
