/** The mirror: a PEP 503/691/658 simple index over any catalog, with generated stub distributions. */
export { MirrorServer, type MirrorOptions, type MirrorSource } from "./mirror-server.js";
export { buildServedProject, distributionName, type ServedFile, type ServedProject } from "./served-project.js";
export { buildWheel, expandWheelTag } from "./wheel-archive.js";
export { buildSdist } from "./sdist-archive.js";
export { storedZip, type ZipEntry } from "./stored-zip.js";
export { crc32 } from "./crc32.js";
export { canonicalVersion } from "./canonical-version.js";
export { renderMetadata, type MetadataDocument } from "./metadata-document.js";
