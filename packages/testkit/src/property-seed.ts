/**
 * The seed for property tests: fixed in CI (so a red run replays exactly), random on a
 * developer's machine (so runs keep exploring), FC_SEED to replay any run. Printed either way.
 */
export function propertySeed(): number {
  const given = Number(process.env.FC_SEED);
  const seed = Number.isInteger(given) && process.env.FC_SEED ? given : process.env.CI ? 20261123 : Math.floor(Math.random() * 2 ** 31);
  console.log(`property tests: seed ${seed} (replay with FC_SEED=${seed})`);
  return seed;
}
