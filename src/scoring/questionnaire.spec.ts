import { Exact, ZERO, exact, formatExact, sum } from './exact';
import { claimedScore, claimedScoreOfValues, earnedPoints, maxPoints, scoreQuestionnaire } from './questionnaire';
import { AnswerValue, ObjectionRuling, QuestionDef, QuestionnaireDef, QuestionnaireFacts, VerificationDecision } from './types';
import { mulberry32 } from '../common/seeded-random';

// Points and option shares with awkward decimals: the scorer adds whole units of 1/LCD and must
// agree exactly with the plain rational formula of SPEC §5 (earnedPoints, one question at a time).
const fine: QuestionnaireDef = {
  kind: 'questionnaire',
  id: 'saq-pecahan',
  version: 1,
  title: 'Kuesioner dengan bobot pecahan',
  indicators: [
    {
      code: '1',
      name: 'Pecahan',
      weight: 33.5,
      questions: [
        { code: '1.1', text: 'Ya/tidak', type: 'yes_no', points: 2.75, evidence: 'required' },
        {
          code: '1.2',
          text: 'Pilihan',
          type: 'choice',
          points: 3.3,
          evidence: 'optional',
          options: [
            { value: 'a', label: 'A', score: 0 },
            { value: 'b', label: 'B', score: 0.33 },
            { value: 'c', label: 'C', score: 0.667 },
            { value: 'd', label: 'D', score: 1 },
          ],
        },
        {
          code: '1.3',
          text: 'Daftar',
          type: 'checklist',
          points: 1.9,
          evidence: 'none',
          items: [
            { value: 'x', label: 'X', points: 0.125 },
            { value: 'y', label: 'Y', points: 0.7 },
            { value: 'z', label: 'Z', points: 1.075 },
          ],
        },
      ],
    },
    {
      code: '2',
      name: 'Bulat',
      weight: 66.5,
      questions: [
        { code: '2.1', text: 'Ya/tidak', type: 'yes_no', points: 7, evidence: 'required' },
        { code: '2.2', text: 'Ya/tidak', type: 'yes_no', points: 0.001, evidence: 'none' },
      ],
    },
  ],
};

function someValue(q: QuestionDef, r: () => number): AnswerValue {
  if (q.type === 'yes_no') return r() < 0.6;
  if (q.type === 'choice') return q.options![Math.floor(r() * q.options!.length)].value;
  return q.items!.filter(() => r() < 0.5).map((i) => i.value);
}

function someFacts(seed: number): QuestionnaireFacts {
  const r = mulberry32(seed);
  const facts: QuestionnaireFacts = { kind: 'questionnaire', submitted: true, answers: {}, verificationComplete: true, decisions: {}, objections: [] };
  for (const q of fine.indicators.flatMap((i) => i.questions)) {
    if (r() < 0.15) continue;
    facts.answers[q.code] = { value: someValue(q, r), evidence: r() < 0.8 ? ['https://ppid.example.go.id/bukti.pdf'] : [] };
    const d = r();
    const decision: VerificationDecision | null =
      d < 0.2 ? { decision: 'reject' } : d < 0.4 ? { decision: 'correct', value: someValue(q, r) } : d < 0.7 ? { decision: 'accept' } : null;
    if (decision) facts.decisions[q.code] = decision;
    if (r() < 0.2) {
      const ruling: ObjectionRuling = r() < 0.5 ? { question: q.code, decision: 'upheld', ...(r() < 0.5 ? { value: someValue(q, r) } : {}) } : { question: q.code, decision: 'rejected' };
      facts.objections.push(ruling);
    }
  }
  return facts;
}

/** SPEC §5 written out the plain way: every question's earnings as a rational, summed per indicator. */
function reference(def: QuestionnaireDef, facts: QuestionnaireFacts): { claimed: Exact; verified: Exact; lines: [string, string, string][] } {
  let claimed: Exact = ZERO;
  let verified: Exact = ZERO;
  const lines: [string, string, string][] = [];
  for (const indicator of def.indicators) {
    const c: Exact[] = [];
    const v: Exact[] = [];
    for (const q of indicator.questions) {
      const answer = facts.answers[q.code];
      const own = answer ? answer.value : null;
      let value: AnswerValue | null = own;
      const decided = facts.decisions[q.code];
      if (decided?.decision === 'reject') value = null;
      if (decided?.decision === 'correct') value = decided.value;
      for (const o of facts.objections.filter((x) => x.question === q.code)) if (o.decision === 'upheld') value = o.value !== undefined ? o.value : own;
      const missing = q.evidence === 'required' && value !== null && (answer?.evidence ?? []).length === 0;
      const earnedClaimed = earnedPoints(q, own);
      const earnedVerified = missing ? ZERO : earnedPoints(q, value);
      c.push(earnedClaimed);
      v.push(earnedVerified);
      lines.push([q.code, formatExact(earnedClaimed), formatExact(earnedVerified)]);
    }
    const max = maxPoints(indicator.questions);
    claimed = claimed.add(exact(indicator.weight).mul(sum(c)).div(max));
    verified = verified.add(exact(indicator.weight).mul(sum(v)).div(max));
  }
  return { claimed, verified, lines };
}

describe('scoreQuestionnaire in whole units', () => {
  it('agrees exactly with the plain rational formula on 500 random answer sets with fractional points', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const facts = someFacts(seed);
      const got = scoreQuestionnaire(fine, facts);
      const want = reference(fine, facts);
      expect({ seed, claimed: formatExact(got.claimed), verified: formatExact(got.verified) }).toEqual({
        seed,
        claimed: formatExact(want.claimed),
        verified: formatExact(want.verified),
      });
      expect(got.questions.map((q) => [q.code, q.claimedPoints, q.verifiedPoints])).toEqual(want.lines);
    }
  });

  it('without lines gives the same scores and indicator traces, and no question lines', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const facts = someFacts(seed);
      const full = scoreQuestionnaire(fine, facts);
      const bare = scoreQuestionnaire(fine, facts, { lines: false });
      expect(bare.questions).toEqual([]);
      expect(formatExact(bare.verified)).toBe(formatExact(full.verified));
      expect(formatExact(bare.claimed)).toBe(formatExact(full.claimed));
      expect(bare.indicators).toEqual(full.indicators);
    }
  });

  it('counts a checklist item once even if a value lists it twice, and ignores unknown values', () => {
    const answers = { '1.3': { value: ['x', 'x', 'nope'], evidence: [] }, '1.2': { value: 'zz', evidence: [] } };
    const scored = scoreQuestionnaire(fine, { kind: 'questionnaire', submitted: true, answers, verificationComplete: false, decisions: {}, objections: [] });
    expect(scored.questions.find((q) => q.code === '1.3')!.claimedPoints).toBe('0.125');
    expect(scored.questions.find((q) => q.code === '1.2')!.claimedPoints).toBe('0');
    // 33.5 × 0.125 ÷ (2.75 + 3.3 + 1.9) = 4.1875 ÷ 7.95
    expect(claimedScore(fine, answers).exact).toBe(formatExact(exact(33.5).mul(exact(0.125)).div(exact(7.95))));
  });

  it('claims the same from the values alone as from the answers with their evidence (required evidence missing included)', () => {
    let withoutEvidence = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const { answers } = someFacts(seed);
      const values = Object.fromEntries(Object.entries(answers).map(([code, a]) => [code, a.value]));
      withoutEvidence += Object.values(answers).filter((a) => a.evidence.length === 0).length;
      expect({ seed, claimed: claimedScoreOfValues(fine, values).exact }).toEqual({ seed, claimed: claimedScore(fine, answers).exact });
    }
    expect(withoutEvidence).toBeGreaterThan(20); // the sets do include answers without their required evidence
  });

  it('formats exact values as terminating decimals or reduced fractions', () => {
    expect(formatExact(exact('65.8875'))).toBe('65.8875');
    expect(formatExact(exact(263).div(3))).toBe('263/3');
    expect(formatExact(exact('-0.05'))).toBe('-0.05');
    expect(formatExact(exact('0.001'))).toBe('0.001');
    expect(formatExact(exact(1).div(1024))).toBe('0.0009765625');
    expect(formatExact(exact(40))).toBe('40');
  });
});
