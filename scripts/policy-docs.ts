// Placeholder until the rule catalog generator lands; replaced by src/policy/docs.ts output.
