import { ArgumentMetadata, Injectable, PipeTransform, Type, ValidationError, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
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

/** When a value has the wrong type, only that is said (not also its length, size or pattern). */
const TYPE_CONSTRAINTS = ['isArray', 'isString', 'isObject', 'isNumber', 'isInt', 'isBoolean'];

export function validationIssues(errors: ValidationError[], parent = ''): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const error of errors) {
    const field = childPath(parent, error.property);
    if (error.value === undefined && error.constraints && !('whitelistValidation' in error.constraints)) {
      issues.push({ field, message: 'required' });
      continue;
    }
    const failed = Object.entries(error.constraints ?? {});
    const typeFailures = failed.filter(([constraint]) => TYPE_CONSTRAINTS.includes(constraint));
    for (const [constraint, text] of typeFailures.length ? typeFailures : failed) {
      issues.push({ field, message: messageOf(constraint, text, error.property) });
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
    if (!Array.isArray(value)) throw new InvalidInputError([{ field: '(body)', message: 'must be a JSON array' }]);
    if (value.length < this.limits.min || value.length > this.limits.max) {
      throw new InvalidInputError([{ field: '(body)', message: `must hold ${this.limits.min} to ${this.limits.max} items` }]);
    }
    const issues: FieldIssue[] = [];
    const items: T[] = [];
    const pipe = createValidationPipe();
    for (const [index, raw] of value.entries()) {
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
        issues.push({ field: `[${index}]`, message: 'must be an object' });
        continue;
      }
      try {
        items.push(await pipe.transform(raw, { type: 'body', metatype: this.itemType }));
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error;
        issues.push(...error.issues.map((i) => ({ field: `[${index}].${i.field}`, message: i.message })));
      }
    }
    if (issues.length) throw new InvalidInputError(issues);
    return items;
  }
}
