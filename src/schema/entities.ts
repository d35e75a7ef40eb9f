import { Action, ActionClause } from './action.entity';
import { Agency } from './agency.entity';
import { Asset } from './asset.entity';
import { AdminUnitFlagsVersion, AdminUnitNameVersion, AssetVersion } from './attribute-version.entity';
import { ThrottleCounter } from './throttle-counter.entity';
import { User } from './user.entity';
import { IdempotencyKey } from './idempotency-key.entity';
import { ClauseProvinceDeadline, Directive, DirectiveClause } from './directive.entity';
import { DocumentRecord } from './document.entity';
import { EventAnchor, EventRecord } from './event.entity';
import { FindingEvidence } from './finding-evidence.entity';
import { Finding, Inspection } from './inspection.entity';
import { ReportJob } from './report-job.entity';
import { ReportSchedule } from './report-schedule.entity';
import { ReportContent, ReportSnapshot } from './report-snapshot.entity';
import { ReportSignOff } from './report-signoff.entity';
import { LandUseCategory } from './land-use-category.entity';
import { Obstacle } from './obstacle.entity';
import { LandUsePlan, PlanUpdate } from './land-use-plan.entity';
import { RepurposePurpose } from './repurpose-purpose.entity';
import { SurplusDeclaration } from './surplus-declaration.entity';
import { AdminUnit, SuccessionClause, UnitSuccession } from './admin-unit.entity';

/** Every entity, in one list: the app, the CLI and the schema test use the same. */
export const ENTITIES = [
  AdminUnit,
  SuccessionClause,
  UnitSuccession,
  User,
  EventRecord,
  LandUseCategory,
  Agency,
  Asset,
  IdempotencyKey,
  RepurposePurpose,
  Directive,
  DirectiveClause,
  ClauseProvinceDeadline,
  Action,
  ActionClause,
  LandUsePlan,
  PlanUpdate,
  DocumentRecord,
  SurplusDeclaration,
  ReportSchedule,
  ReportSnapshot,
  ReportContent,
  ReportSignOff,
  ReportJob,
  Inspection,
  Finding,
  FindingEvidence,
  ThrottleCounter,
  EventAnchor,
  Obstacle,
  AssetVersion,
  AdminUnitFlagsVersion,
  AdminUnitNameVersion,
];
