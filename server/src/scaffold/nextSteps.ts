// What to run after a module is scaffolded, shown by the CLI and copied by the editor's button.
export const NEXT_STEPS = `Next steps, from the Magento root:
  bin/magento setup:upgrade
  bin/magento setup:di:compile
  bin/magento cache:clean
Then activate the integration in the admin: System > Extensions > Integrations.`;
