import { describe, expect, it } from 'vitest';
import { CommandBook } from './command-book.js';
import { testCommand } from './command-test-data.js';

const command = testCommand;

describe('CommandBook', () => {
  it('keeps the copy with more transitions, whichever arrives first', () => {
    const book = new CommandBook();
    book.upsert([command('a', ['queued', 'sent', 'delivered'])]);
    book.applyChanges({ commands: [command('a', ['queued', 'sent'])] });
    expect(book.get('a')?.status).toBe('delivered');
    book.applyChanges({ commands: [command('a', ['queued', 'sent', 'delivered', 'succeeded'])] });
    expect(book.get('a')?.status).toBe('succeeded');
  });

  it('tells listeners of changes only, and bumps its revision with them', () => {
    const book = new CommandBook();
    let heard = 0;
    book.subscribe(() => (heard += 1));
    book.upsert([command('a', ['queued'])]);
    const revision = book.revision;
    book.upsert([command('a', ['queued'])]);
    expect(heard).toBe(1);
    expect(book.revision).toBe(revision);
  });

  it("lists a device's and a batch's commands newest first", () => {
    const book = new CommandBook();
    book.upsert([
      command('old', ['queued'], { createdAtMs: 1, batchId: 'b' }),
      command('new', ['queued'], { createdAtMs: 3, batchId: 'b' }),
      command('other', ['queued'], { createdAtMs: 2, deviceId: 'cp-2' }),
    ]);
    expect(book.forDevice('cp-1').map((each) => each.id)).toEqual(['new', 'old']);
    expect(book.forBatch('b').map((each) => each.id)).toEqual(['new', 'old']);
  });

  it('forgets the oldest finished commands beyond its limit, never an unfinished one', () => {
    const book = new CommandBook(2);
    book.upsert([
      command('waiting', ['queued'], { createdAtMs: 0 }),
      command('done-1', ['sent', 'succeeded'], { createdAtMs: 1 }),
      command('done-2', ['sent', 'failed'], { createdAtMs: 2 }),
      command('done-3', ['sent', 'rejected'], { createdAtMs: 3 }),
    ]);
    expect(book.get('waiting')).toBeDefined();
    expect(book.get('done-1')).toBeUndefined();
    expect(book.get('done-3')).toBeDefined();
  });
});
