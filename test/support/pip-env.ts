/** The environment for an isolated pip: no config file, none of this machine's find-links, extra indexes or constraints. */
export function isolatedPipEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PIP_CONFIG_FILE: "/dev/null", PIP_DISABLE_PIP_VERSION_CHECK: "1", PIP_NO_INPUT: "1" };
  for (const key of Object.keys(env)) {
    if (/^PIP_(FIND_LINKS|EXTRA_INDEX_URL|INDEX_URL|CONSTRAINT|REQUIREMENT|NO_INDEX|TRUSTED_HOST|PRE)$/.test(key)) delete env[key];
  }
  return env;
}
