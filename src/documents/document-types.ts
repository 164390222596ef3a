import { BandDef, CategoryDef, CertificateDef } from '../scoring';
import { PublishedResult } from '../results/result-view';

/** A publication as documents render it; documents never compute a score. */
export interface PublicationView {
  edition: {
    code: string;
    year: number;
    title: string;
    simulated: boolean;
    commissionName: string;
    categories: CategoryDef[];
    /** in the edition's order; `title`, when given, heads the stage's column instead of its code */
    stages: {
      code: string;
      kind: 'questionnaire' | 'panel';
      weight: number;
      title?: string;
      /** a questionnaire stage's indicators, in its instrument's order (the Rincian columns) */
      indicators?: { code: string; name: string; weight: number }[];
    }[];
    /** ordered or not: the workbook lists them from the highest `min` down */
    bands: BandDef[];
    certificate?: CertificateDef;
  };
  version: number;
  decreeNumber: string;
  /** YYYY-MM-DD */
  decreeDate: string;
  /** ISO-8601 instant */
  publishedAt: string;
  /** a later publication corrected this one */
  superseded: boolean;
  /**
   * SPEC §15: the documents mark `Belum diverifikasi` and `Tidak hadir` wherever such a body's
   * score appears, and say when unverified results were accepted, with the publication's reason.
   * null for a publication made before the rule: its documents are rendered as they were then.
   */
  marking: { acceptUnverified: boolean; reason: string | null } | null;
  /** with `panels` only when read for the admin's workbook */
  results: PublishedResult[];
  /** version 2 and later: what changed against the version it replaces (the workbook's `Perubahan`); absent for version 1 */
  changes?: ChangesView;
}

/** A body's published line on one side of a change: labels as printed. */
export interface ChangeSide {
  final: number | null;
  predicateLabel: string | null;
  rank: number | null;
}

/** What a version ≥ 2 changed, as the results room listed it: documents print it as given. */
export interface ChangesView {
  replaces: { version: number; decreeNumber: string; decreeDate: string };
  reason: string | null;
  rows: { body: string; bodyName: string; categoryName: string; before: ChangeSide | null; after: ChangeSide | null }[];
}

/** Everything one certificate page prints; the caller decides who gets one and makes the code. */
export interface CertificatePage {
  bodyName: string;
  categoryName: string;
  /** null prints the category without a rank */
  rank: number | null;
  /** the rounded final score, printed with a decimal comma (65,89) */
  final: number;
  predicateLabel: string;
  editionTitle: string;
  /** added to the edition line when the title does not already name the year */
  year: number;
  commissionName: string;
  decreeNumber: string;
  /** YYYY-MM-DD; also the date beside the city */
  decreeDate: string;
  city: string;
  signatory: { name: string; title: string };
  /** the verification code as printed, XXXX-XXXX-XXXX */
  code: string;
  /** what the QR code opens: <baseUrl>/api/public/certificates/<code> */
  verifyUrl: string;
  simulated: boolean;
  superseded: boolean;
  /** the questionnaire's verification was never completed (SPEC §15): printed beside the score */
  unverified?: boolean;
  /** the panel stages (as their columns are headed) the body was recorded absent from */
  absent?: string[];
}
