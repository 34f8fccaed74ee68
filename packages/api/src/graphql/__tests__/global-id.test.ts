import { randomUUID } from 'node:crypto';
import { fromGlobalId, toGlobalId, writeGlobalId } from '../global-id';

/** The encoding every id ever handed out used: ids stored by integrators must keep matching. */
const reference = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');

describe('global ids', () => {
  it('encode as base64url("Type:uuid"), the same as ever, one after another (the scratch buffer is reused)', () => {
    const ids = Array.from({ length: 50 }, () => randomUUID());
    const encoded = ids.map((id, i) => toGlobalId(i % 2 ? 'ActionItem' : 'ConversationSession', id));
    encoded.forEach((g, i) => expect(g).toBe(reference(i % 2 ? 'ActionItem' : 'ConversationSession', ids[i])));
    encoded.forEach((g, i) =>
      expect(fromGlobalId(g)).toEqual({ type: i % 2 ? 'ActionItem' : 'ConversationSession', id: ids[i] }),
    );
  });

  it('encode text past the scratch buffer and text of several bytes per character the same way', () => {
    const long = 'x'.repeat(300);
    expect(toGlobalId('School', long)).toBe(reference('School', long));
    const wide = 'é'.repeat(85);
    expect(toGlobalId('S', wide)).toBe(reference('S', wide));
    expect(toGlobalId('S', '€'.repeat(83))).toBe(reference('S', '€'.repeat(83)));
  });

  it('are written into a buffer as the same bytes, whatever their length modulo 3, past the scratch buffer too', () => {
    const out = Buffer.alloc(4096, 0x2a);
    const cases: [string, string][] = [
      ['A', 'b'],
      ['AB', 'c'],
      ['ABC', 'd'],
      ...['ActionItem', 'ConversationSession', 'LearningConversation', 'StaffMember'].map(
        (type) => [type, randomUUID()] as [string, string],
      ),
      ['School', 'x'.repeat(300)],
      ['S', 'é'.repeat(85)],
    ];
    let at = 7;
    for (const [type, id] of cases) {
      const n = writeGlobalId(type, id, out, at);
      expect(out.toString('latin1', at, at + n)).toBe(reference(type, id));
      expect(out[at + n]).toBe(0x2a);
      at += n + 1;
    }
  });
});
