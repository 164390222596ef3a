import { BandDef, BodyResult, CategoryDef, CertificateDef } from '../scoring';

/** A publication as documents render it; documents never compute a score. */
export interface PublicationView {
  edition: {
    code: string;
    year: number;
    title: string;
    simulated: boolean;
    commissionName: string;
    categories: CategoryDef[];
    stages: { code: string; kind: 'questionnaire' | 'panel'; weight: number }[];
    bands: BandDef[];
    certificate?: CertificateDef;
  };
  version: number;
  decreeNumber: string;
  /** YYYY-MM-DD */
  decreeDate: string;
  publishedAt: string;
  superseded: boolean;
  results: BodyResult[];
}

export interface CertificatePage {
  bodyName: string;
  categoryName: string;
  rank: number | null;
  /** the rounded final score */
  final: number;
  predicateLabel: string;
  editionTitle: string;
  year: number;
  commissionName: string;
  decreeNumber: string;
  decreeDate: string;
  city: string;
  signatory: { name: string; title: string };
  code: string;
  verifyUrl: string;
  simulated: boolean;
  superseded: boolean;
}
