/**
 * Rendering a device's {@code boot.script}: the one renderer that the boot service uses when the device
 * boots and that {@code mcli boot script} uses to show and check the script beforehand, plus the rules
 * for text placed into an iPXE script. The only code that touches mustache.java in this module.
 */
package io.mercury.common.bootscript;
