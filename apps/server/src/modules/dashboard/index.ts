export { demoPresence, seedDemo } from './dashboard.demo';
export { dashboardRoutes } from './dashboard.routes';
