import { AuditEntry } from '../audit/audit-entry.entity';
import { LoginAttempt } from '../auth/login-attempt.entity';
import { Body } from '../bodies/body.entity';
import { Commission } from '../commissions/commission.entity';
import { RenderedDocument } from '../documents/rendered-document.entity';
import { Assignment } from '../editions/assignment.entity';
import { Edition } from '../editions/edition.entity';
import { EvidenceFile } from '../evidence/evidence-file.entity';
import { Extension } from '../editions/extension.entity';
import { Participant } from '../editions/participant.entity';
import { Stage } from '../editions/stage.entity';
import { Instrument } from '../instruments/instrument.entity';
import { Absence } from '../panels/absence.entity';
import { PanelSheetRow } from '../panels/panel-sheet.entity';
import { Publication } from '../results/publication.entity';
import { PublicationResult } from '../results/publication-result.entity';
import { ResultRow } from '../results/result.entity';
import { PublicationFacts } from '../results/stage-facts.entity';
import { StageReach } from '../results/stage-reach.entity';
import { AnswerRow } from '../saq/answer.entity';
import { SaqResponse } from '../saq/saq-response.entity';
import { StoredSecret } from '../secrets/secret.entity';
import { Session } from '../sessions/session.entity';
import { User } from '../users/user.entity';
import { ObjectionRow } from '../verification/objection.entity';
import { VerificationDecisionRow } from '../verification/verification-decision.entity';

export const ENTITIES = [
  Commission, Body, User, Instrument, Edition, Stage, Participant, Assignment, Extension,
  SaqResponse, AnswerRow, VerificationDecisionRow, ObjectionRow, PanelSheetRow, Absence,
  ResultRow, StageReach, Publication, PublicationResult, PublicationFacts, AuditEntry, StoredSecret, Session, LoginAttempt, RenderedDocument,
  EvidenceFile,
];
