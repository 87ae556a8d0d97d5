export { loadPrescriptions, type LoadPrescriptionsOptions, type PrescriptionLoad, type PrescriptionSet } from "./load-prescriptions.js";
export { parseBlockYaml } from "./block-yaml.js";
export { readTarGzEntries, type TarEntry } from "./tar-gz-entries.js";
