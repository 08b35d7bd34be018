// Preloaded into a server by bench/history.bench.ts --profile (NODE_OPTIONS=--require ..., as --cpu-prof is not
// allowed there): profiles the process from start-up; on SIGUSR2 writes the .cpuprofile to SCE_PROFILE_FILE.
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');

if (process.env.SCE_PROFILE_FILE) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 1000 }, () => session.post('Profiler.start')));
  process.on('SIGUSR2', () =>
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(process.env.SCE_PROFILE_FILE, JSON.stringify(result.profile));
    }),
  );
}
