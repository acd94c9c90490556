/**
 * Chat commands sent by an operator client (`chat.send`, `agent`): which access they need, and who
 * the command sees as its sender. Both methods hand the text to ctx.commands the same way.
 */
import type { CommandContext } from '../commands/chat-commands.ts'
import { parseCommand } from '../commands/parse-command.ts'
import type { ClientSession } from '../core/client-session.ts'
import type { MethodAccess } from './define-method.ts'

/** `/new` and `/reset` need operator.admin, as in the original; other commands and messages operator.write. */
export function commandAccess(message: string): MethodAccess {
  const name = parseCommand(message)?.name
  return name === 'new' || name === 'reset' ? 'operator.admin' : 'operator.write'
}

/** The operator as a command's sender (`/whoami`): its device id, else its client id. */
export function operatorSender(session: ClientSession): CommandContext['sender'] {
  return { id: session.deviceId ?? session.client.id, ...(session.client.displayName && { name: session.client.displayName }) }
}
