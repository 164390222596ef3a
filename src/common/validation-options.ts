import { ArgumentMetadata, Injectable, PipeTransform, Type, ValidationError, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import { ValidationOptions } from 'class-validator';
import { FieldIssue, InvalidInputError } from './errors';

/** `foo`, `foo.bar`, `items[2].code`: the path of a field as a client writes it. */
function childPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

/** class-validator's messages start with the property name ("code must be a string"); the path replaces it. */
function messageOf(constraint: string, text: string, property: string): string {
  if (constraint === 'whitelistValidation') return 'unknown field; it is not part of this request';
  if (text.startsWith(`${property} `)) return text.slice(property.length + 1);
  return text.replace(/^each value in \S+ /, 'each value ');
}

/** What is wrong with a value in Bahasa Indonesia, or null when the rule has nothing to say about it. */
type IndonesianRule = (value: unknown) => string | null;

/**
 * The Indonesian text of a constraint, for a decorator's options: the domain's own rules (text,
 * instants, passwords, codes, zones) say in Indonesian what they say in English, from the value.
 * It travels as the constraint's class-validator `context`. With `each` (a rule over every item
 * of a list), the first item it refuses is named: `isian [1]: …`.
 */
export function inIndonesian(rule: IndonesianRule | string, each = false): Pick<ValidationOptions, 'context'> {
  const one: IndonesianRule = typeof rule === 'string' ? () => rule : rule;
  const indonesian: IndonesianRule = each
    ? (value) => {
        if (!Array.isArray(value)) return one(value);
        for (const [i, item] of value.entries()) {
          const text = one(item);
          if (text) return `isian [${i}]: ${text}`;
        }
        return null;
      }
    : one;
  return { context: { indonesian } };
}

/** The first number of class-validator's English message ("must be shorter than or equal to 200 characters" → "200"). */
const numberIn = (english: string): string => /-?\d+(?:\.\d+)?/.exec(english)?.[0] ?? '?';

/**
 * Class-validator's own constraints in Bahasa Indonesia. Their English messages carry the
 * numbers and lists (the constraint's arguments are not on the error), so those are read back
 * from them.
 */
const BUILT_IN: Readonly<Record<string, (english: string) => string>> = {
  whitelistValidation: () => 'kolom tidak dikenal; bukan bagian dari permintaan ini',
  isDefined: () => 'wajib diisi',
  isString: () => 'harus berupa teks',
  isBoolean: () => 'harus true atau false',
  isInt: () => 'harus bilangan bulat',
  isNumber: () => 'harus berupa angka',
  isArray: () => 'harus berupa daftar',
  isObject: () => 'harus berupa objek (pasangan kunci dan nilai)',
  isIn: (english) => `nilai tidak dikenal; pilihan: ${english.split('following values: ')[1] ?? '?'}`,
  minLength: (english) => `paling sedikit ${numberIn(english)} karakter`,
  maxLength: (english) => `paling banyak ${numberIn(english)} karakter`,
  min: (english) => `paling kecil ${numberIn(english)}`,
  max: (english) => `paling besar ${numberIn(english)}`,
  arrayMinSize: (english) => `paling sedikit ${numberIn(english)} isian`,
  arrayMaxSize: (english) => `paling banyak ${numberIn(english)} isian`,
  matches: () => 'bentuknya tidak sesuai',
  nestedValidation: () => 'harus berupa objek atau daftar objek',
};

/** The Indonesian text of one failed constraint: the rule's own (its context), else class-validator's in Indonesian. */
function textOf(error: ValidationError, constraint: string, english: string): string {
  const own = (error.contexts?.[constraint] as { indonesian?: IndonesianRule } | undefined)?.indonesian;
  const text = own?.(error.value);
  if (text) return text;
  const builtIn = BUILT_IN[constraint];
  return builtIn ? builtIn(english) : `tidak valid (${english})`;
}

/** When a value has the wrong type, only that is said (not also its length, size or pattern). */
const TYPE_CONSTRAINTS = ['isArray', 'isString', 'isObject', 'isNumber', 'isInt', 'isBoolean'];

export function validationIssues(errors: ValidationError[], parent = ''): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const error of errors) {
    const field = childPath(parent, error.property);
    if (error.value === undefined && error.constraints && !('whitelistValidation' in error.constraints)) {
      issues.push({ field, message: 'required', text: 'wajib diisi' });
      continue;
    }
    const failed = Object.entries(error.constraints ?? {});
    const typeFailures = failed.filter(([constraint]) => TYPE_CONSTRAINTS.includes(constraint));
    for (const [constraint, text] of typeFailures.length ? typeFailures : failed) {
      const message = messageOf(constraint, text, error.property);
      issues.push({ field, message, text: textOf(error, constraint, message) });
    }
    if (error.children?.length) issues.push(...validationIssues(error.children, field));
  }
  return issues;
}

/**
 * The one validation behaviour of the API: unknown fields are refused, known ones are checked
 * and turned into their DTO classes, and every failure names its field (400).
 */
export const VALIDATION_OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  validateCustomDecorators: false,
  exceptionFactory: (errors: ValidationError[]) => new InvalidInputError(validationIssues(errors)),
};

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe(VALIDATION_OPTIONS);
}

/**
 * A JSON array body of DTOs (bulk requests), validated item by item with the same options;
 * fields are named `[i].field`.
 */
@Injectable()
export class ArrayBodyPipe<T extends object> implements PipeTransform<unknown, Promise<T[]>> {
  constructor(
    private readonly itemType: Type<T>,
    private readonly limits: { min: number; max: number } = { min: 1, max: 5000 },
  ) {}

  async transform(value: unknown, _metadata: ArgumentMetadata): Promise<T[]> {
    if (!Array.isArray(value)) throw new InvalidInputError([{ field: '(body)', message: 'must be a JSON array', text: 'harus berupa daftar JSON' }]);
    if (value.length < this.limits.min || value.length > this.limits.max) {
      throw new InvalidInputError([
        { field: '(body)', message: `must hold ${this.limits.min} to ${this.limits.max} items`, text: `harus berisi ${this.limits.min} sampai ${this.limits.max} isian` },
      ]);
    }
    const issues: FieldIssue[] = [];
    const items: T[] = [];
    const pipe = createValidationPipe();
    for (const [index, raw] of value.entries()) {
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
        issues.push({ field: `[${index}]`, message: 'must be an object', text: 'harus berupa objek' });
        continue;
      }
      try {
        items.push(await pipe.transform(raw, { type: 'body', metatype: this.itemType }));
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error;
        issues.push(...error.issues.map((i) => ({ ...i, field: `[${index}].${i.field}` })));
      }
    }
    if (issues.length) throw new InvalidInputError(issues);
    return items;
  }
}
