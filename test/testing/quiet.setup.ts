// Every test file runs with the synth summary line off; tests of the line pass `quiet: false`.
process.env.SECURE_CONSTRUCTS_QUIET = '1';
