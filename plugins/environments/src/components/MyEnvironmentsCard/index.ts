export { MyEnvironmentsCard } from './MyEnvironmentsCard';
