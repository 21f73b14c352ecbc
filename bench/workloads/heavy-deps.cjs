// Start-up of a real heavy dependency graph: the TypeScript compiler and the AWS S3 client.
'use strict';
const ts = require('typescript');
const { S3Client } = require('@aws-sdk/client-s3');
if (!ts.version || !S3Client) process.exit(1);
