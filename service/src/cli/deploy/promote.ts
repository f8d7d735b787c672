import path from 'node:path';
import { parseArgs } from 'node:util';
import { DELIVERY_EXIT, DeliveryError } from '../../delivery/delivery-error';
import { parsePinnedImage } from '../../delivery/image-ref';
import { promoteOverlay } from '../../delivery/overlay-image';
import { PROMOTE_HELP } from './help';
import { finish, type CliIo } from './output';

const OPTIONS = {
  env: { type: 'string' },
  image: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `promote` (make promote): the overlay of this checkout only; committing is the deploy's job. */
export async function runPromoteCli(argv: string[], root: string, io: CliIo): Promise<number> {
  const json = argv.includes('--json');
  try {
    const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true });
    if (values.help) return (io.stdout(`${PROMOTE_HELP}\n`), DELIVERY_EXIT.ok);
    if (!values.env) throw new DeliveryError('--env is required (make promote ENV=staging IMAGE=...).', DELIVERY_EXIT.usage);
    const image = parsePinnedImage(values.image ?? '');
    const change = await promoteOverlay(root, values.env, image);
    const file = path.relative(root, change.file);
    if (!json) io.stdout(change.changed ? `${file}: image set to ${image.reference}\n` : `${file} already names ${image.reference}\n`);
    return finish(io, 'promote', {
      data: { environment: values.env, image: image.reference, file, changed: change.changed, previous: change.previous },
    });
  } catch (error) {
    const usage = error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
    return finish(io, 'promote', { error: usage ? new DeliveryError(`${error.message}. See --help.`, DELIVERY_EXIT.usage) : error });
  }
}
