// Before the bundle: init.js starts Decap once the Finnish phrases are registered.
window.CMS_MANUAL_INIT = true;
