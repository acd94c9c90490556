import { expect, test } from 'bun:test'
import { attachmentRootOf, DEFAULT_ATTACHMENT_ROOTS } from './attachment-roots.ts'

test('a `*` root matches one segment and gives the concrete folder; other paths have no root', () => {
  expect(attachmentRootOf('/Users/grace/Library/Messages/Attachments/ab/11/IMG.HEIC', DEFAULT_ATTACHMENT_ROOTS)).toBe('/Users/grace/Library/Messages/Attachments')
  expect(attachmentRootOf('/Users/../Library/Messages/Attachments/x', DEFAULT_ATTACHMENT_ROOTS)).toBeUndefined()
  expect(attachmentRootOf('/etc/passwd', DEFAULT_ATTACHMENT_ROOTS)).toBeUndefined()
  expect(attachmentRootOf('/Users/grace/Library/Messages/Attachments', DEFAULT_ATTACHMENT_ROOTS)).toBeUndefined()
  expect(attachmentRootOf('/srv/imsg/files/a.png', [...DEFAULT_ATTACHMENT_ROOTS, '/srv/imsg/files/'])).toBe('/srv/imsg/files')
})
