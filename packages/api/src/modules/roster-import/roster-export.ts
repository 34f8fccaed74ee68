import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { Response } from 'express';
import { ZipFile } from 'yazl';
import type { TenantTransaction } from '../../db/transaction';
import type { RequestContext } from '../../graphql/context';
import { recordAudit } from '../audit/audit.service';
import { uuidLiteral } from '../privacy/confidential-columns';
import { writeRosterFiles, type RosterSink } from '../privacy/oneroster';
import { loadRoleMapping } from './role-mapping';
import { rosterImportService } from './roster-import.service';

const PAGE_ROWS = 1_000;

/**
 * GET /exports/oneroster: the district's schools, staff and roles as a OneRoster 1.2 CSV zip, written by the same
 * code as the district export's roster (privacy/oneroster.ts) and streamed to the response a page at a time: each
 * statement runs through a cursor in the request's one transaction, and nothing waits for the whole file. Audited
 * (`roster.export`) in that transaction: a download that fails leaves no audit event and the client an incomplete zip.
 */
export async function streamRosterExport(ctx: RequestContext, tx: TenantTransaction, res: Response): Promise<void> {
  const districtId = rosterImportService.exportDistrict(ctx);
  const m = await tx.manager();
  const [district]: { slug: string }[] = await m.query(`SELECT slug FROM district WHERE id = $1`, [districtId]);
  const { mapping } = await loadRoleMapping(m, districtId);
  await recordAudit(ctx, { action: 'roster.export', entityType: 'District', entityId: districtId });

  const zip = new ZipFile();
  const closed = new Promise<never>((_, reject) =>
    res.once('close', () => reject(new Error('the client went away during the download'))),
  );
  closed.catch(() => undefined);
  const day = new Date().toISOString().slice(0, 10);
  res.status(200);
  res.setHeader('content-type', 'application/zip');
  res.setHeader('content-disposition', `attachment; filename="oneroster-${district?.slug ?? 'district'}-${day}.zip"`);
  // The response ends only after the COMMIT below: the zip's last bytes must not complete the download first.
  const zipped = once(zip.outputStream, 'end');
  zip.outputStream.pipe(res, { end: false });
  const mtime = new Date();
  let cursors = 0;
  const sink: RosterSink = {
    async entry(name, write) {
      const pass = new PassThrough();
      zip.addReadStream(pass, name, { mtime, mode: 0o100644 });
      await write(async (text) => {
        if (!pass.write(Buffer.from(text, 'utf8'))) await Promise.race([once(pass, 'drain'), closed]);
      });
      pass.end();
    },
    async eachPage(sql, onPage) {
      const cursor = `roster_export_${++cursors}`;
      await m.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql}`);
      for (;;) {
        const rows: Record<string, unknown>[] = await m.query(`FETCH ${PAGE_ROWS} FROM ${cursor}`);
        if (rows.length === 0) break;
        await onPage(rows);
      }
      await m.query(`CLOSE ${cursor}`);
    },
  };
  await writeRosterFiles(sink, '', uuidLiteral(districtId), mapping);
  zip.end();
  // Every statement has run: commit (the audit event) before the download ends; a failed commit cuts it.
  await tx.finish();
  await Promise.race([zipped, closed]);
  res.end();
  await Promise.race([once(res, 'finish'), closed]);
}
