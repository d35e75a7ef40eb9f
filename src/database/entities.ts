import { EventRecord } from '../events/event.entity';
import { AdminUnit, SuccessionClause, UnitSuccession } from '../units/admin-unit.entity';
import { User } from '../auth/user.entity';

/** Every entity, in one list: the app, the CLI and the schema test use the same. */
export const ENTITIES = [AdminUnit, SuccessionClause, UnitSuccession, User, EventRecord];
