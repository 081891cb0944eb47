// What the authorization code grant takes from oauth4webapi (PKCE, state), on its own so that the
// grant loads it (import()) with the first login and a bundler keeps only these three functions.
export { calculatePKCECodeChallenge, generateRandomCodeVerifier, generateRandomState } from "oauth4webapi";
