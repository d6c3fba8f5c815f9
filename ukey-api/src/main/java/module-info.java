/**
 * The UKey SDK contracts: token providers, tokens, sessions, keys, algorithms, PINs, events and
 * the checked error hierarchy. Depends on the JDK only; every other module of the SDK builds on
 * these types, and integrators program against them alone.
 */
module org.ukey.api {
  exports org.ukey.api;
}
