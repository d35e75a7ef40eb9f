import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, validate, type ValidatorOptions } from 'class-validator';
import { DomainError, type FieldError, invalidFields } from './errors';
import { toNfc } from './text';
import { type ConstraintMeta, constraintMessage } from './validation-messages';

/**
 * How every DTO is validated (the pipe, and the services that validate form fields themselves). The
 * errors keep their target, the DTO instance, so each message can be written from its constraint's
 * metadata (validation-messages.ts); the value is never kept.
 */
export const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: true, value: false },
};

class CollectedValidationErrors extends Error {
  constructor(readonly errors: FieldError[]) {
    super('validation failed');
  }
}

/** The metadata of the constraint `name` on `property` of the DTO `target` (its arguments, `each`, its own message's context). */
function metadataOf(target: object | undefined, property: string, name: string): ConstraintMeta | undefined {
  if (target === undefined || target === null || typeof target !== 'object' || Array.isArray(target)) return undefined;
  const all = getMetadataStorage().getTargetValidationMetadatas(target.constructor, '', true, false);
  return all.find((m) => m.propertyName === property && (m.name ?? m.type) === name);
}

/** Each failed constraint as a field error: the field path (`currentUnit.code`, `team.0.name`) and its message in each language. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    for (const [name, en] of Object.entries(e.constraints ?? {})) {
      out.push({ field, message: constraintMessage(name, e.property, en, metadataOf(e.target, e.property, name)) });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/** A DTO validated outside the pipe (form fields of an upload): its field errors, as the pipe would find them. */
export const fieldErrorsOf = async (dto: object): Promise<FieldError[]> => flattenValidationErrors(await validate(dto, VALIDATOR_OPTIONS));

/**
 * The one global validation pipe: strings are normalised to NFC first, then class-validator runs
 * with whitelist + forbidNonWhitelisted + transform. A bad body is 422 (the request was understood,
 * its content is wrong); a bad query or path parameter is 400.
 */
@Injectable()
export class AppValidationPipe extends ValidationPipe {
  constructor() {
    super({ ...VALIDATOR_OPTIONS, transform: true, exceptionFactory: (errors) => new CollectedValidationErrors(flattenValidationErrors(errors)) });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const isDto = metadata.metatype !== undefined && ![String, Number, Boolean, Object, Array].includes(metadata.metatype as never);
    if (metadata.type === 'body' && isDto && (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw new DomainError(
        'validation-failed',
        { vi: 'Nội dung yêu cầu phải là một đối tượng JSON', en: 'The request body must be a JSON object' },
        {
          errors: [{ field: '(body)', message: { vi: 'phải là một đối tượng JSON', en: 'must be a JSON object' } }],
        },
      );
    }
    try {
      return await super.transform(toNfc(value), metadata);
    } catch (err) {
      if (!(err instanceof CollectedValidationErrors)) throw err;
      if (metadata.type === 'body') throw invalidFields(err.errors);
      const fields = err.errors
        .map((e) => e.field)
        .filter((f, i, a) => a.indexOf(f) === i)
        .join(', ');
      const where = { query: 'truy vấn', param: 'đường dẫn', custom: 'tuỳ chỉnh' }[metadata.type];
      throw new DomainError(
        'invalid-parameter',
        { vi: `Tham số ${where} không hợp lệ: ${fields}`, en: `Invalid ${metadata.type} parameter(s): ${fields}` },
        { errors: err.errors },
      );
    }
  }
}
