import type { ApiModule } from '../../graphql/module';
import { DistrictExportResolver, PrivacyResolver } from './privacy.resolver';
import { EXPORT_TASK, runExport } from './export.service';
import { DISPOSE_TASK, disposeDue } from './disposal.service';
import { RETENTION_TASK, runRetention } from './retention.service';
import { LearnerConsentResolver, SessionConsentsResolver } from './consent.resolver';
import { LearnerConsentEntity } from './consent.entity';
import { consentService } from './consent.service';
import { LearnerConsent } from './consent.types';

/**
 * Privacy operations a district can sign (issue 16; docs/privacy.md): export, disposal, retention, the consent
 * register of learning partnership conversations. The read audit lives in modules/audit. The download route (export-route.ts) is mounted by server/app.ts.
 */
export const privacyModule: ApiModule = {
  name: 'privacy',
  resolvers: [DistrictExportResolver, PrivacyResolver, LearnerConsentResolver, SessionConsentsResolver],
  entities: [LearnerConsentEntity],
  nodes: {
    LearnerConsent: async (ctx, id) => {
      const e = await consentService.findById(ctx, id);
      return e ? LearnerConsent.from(e) : null;
    },
  },
  jobs: {
    tasks: { [EXPORT_TASK]: runExport, [DISPOSE_TASK]: disposeDue, [RETENTION_TASK]: runRetention },
    cron: [
      // Due disposals: checked every 10 minutes (a disposal is due after days; the delay is immaterial).
      { task: DISPOSE_TASK, match: '*/10 * * * *' },
      // Retention: once a day, at 03:17 UTC.
      { task: RETENTION_TASK, match: '17 3 * * *' },
    ],
  },
};
