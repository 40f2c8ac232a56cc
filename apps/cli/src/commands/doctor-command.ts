// `lrfinder doctor`: the backends library's report on this machine, as text or JSON.
import { doctor } from '@lrfinder/backends';
import { EXIT, type CommandIO } from '../io';

export interface DoctorArgs {
  json?: boolean;
}

export async function doctorCommand(args: DoctorArgs, io: CommandIO): Promise<number> {
  const report = await doctor();
  io.stdout.write(args.json ? JSON.stringify(report, null, 2) + '\n' : formatDoctor(report));
  return EXIT.ok;
}

/** Text of a doctor report (written against the backends contract's facts). */
export function formatDoctor(report: Awaited<ReturnType<typeof doctor>>): string {
  return JSON.stringify(report, null, 2) + '\n';
}
